package dev.waybill.support.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The console's team page: only a store's admins reach it or change anything through it. */
@QuarkusTest
class ConsoleTeamTest {

  @Test
  void anAgentCannotReachOrPostToTheTeamPage() {
    TestStore store = TestStores.create();
    String admin = ConsoleSession.addAgent(store, "ADMIN");
    String agent = ConsoleSession.addAgent(store, "AGENT");
    String team = "/console/" + store.slug() + "/team";
    ConsoleSession dana = ConsoleSession.signIn(agent);

    dana.get("/console/" + store.slug())
        .then()
        .statusCode(200)
        .body(not(containsString("href=\"" + team + "\"")));
    dana.get(team).then().statusCode(403).body(containsString("Only the store's admins"));

    // A valid token from a page the agent may see does not open the admin forms.
    dana.get("/console/" + store.slug());
    UUID adminId = id(store, admin);
    dana.post(
            team,
            Map.of(
                "email", "mallory@example.com",
                "name", "Mallory",
                "password", "correct horse battery",
                "role", "ADMIN"))
        .then()
        .statusCode(403);
    dana.get("/console/" + store.slug());
    dana.post(team + "/" + adminId + "/role", Map.of("role", "AGENT")).then().statusCode(403);
    dana.get("/console/" + store.slug());
    dana.post(team + "/" + adminId + "/access", Map.of("enabled", "false")).then().statusCode(403);

    agents(store)
        .then()
        .body("email", not(hasItem("mallory@example.com")))
        .body("find { it.email == '" + admin + "' }.role", org.hamcrest.Matchers.equalTo("ADMIN"));
    ConsoleSession.signIn(admin).get(team).then().statusCode(200);
  }

  @Test
  void anAdminInvitesAnAgentChangesTheRoleAndTakesAccessAwayAndBack() {
    TestStore store = TestStores.create();
    ConsoleSession admin = ConsoleSession.signIn(ConsoleSession.addAgent(store, "ADMIN"));
    String team = "/console/" + store.slug() + "/team";
    String email = "new-" + UUID.randomUUID() + "@example.com";

    admin.get(team).then().statusCode(200).body(containsString("Add an agent"));
    admin
        .post(team, Map.of("email", email, "name", "Fox", "role", "AGENT"))
        .then()
        .statusCode(303)
        .header("Location", endsWith("/team?done=invited"));
    admin
        .get(team + "?done=invited")
        .then()
        .body(containsString("Pending invitations"))
        .body(containsString(email));
    TestAgents.accept(TestAgents.link(email), "correct horse battery", "correct horse battery")
        .then()
        .statusCode(200);
    admin.get(team).then().body(not(containsString("Pending invitations")));

    ConsoleSession fox = ConsoleSession.signIn(email);
    fox.get("/console/" + store.slug()).then().statusCode(200);
    fox.get(team).then().statusCode(403);

    UUID foxId = id(store, email);
    admin.get(team);
    admin.post(team + "/" + foxId + "/role", Map.of("role", "ADMIN")).then().statusCode(303);
    fox.get(team).then().statusCode(200);

    admin.get(team);
    admin.post(team + "/" + foxId + "/access", Map.of("enabled", "false")).then().statusCode(303);
    // Disabled in this store: the store is gone for them at once.
    fox.get("/console/" + store.slug()).then().statusCode(404);
    admin.get(team).then().body(containsString("disabled"));

    admin.get(team);
    admin.post(team + "/" + foxId + "/access", Map.of("enabled", "true")).then().statusCode(303);
    fox.get(team).then().statusCode(200);
  }

  @Test
  void anAdminReSendsAndWithdrawsAnInvitationFromTheTeamPage() {
    TestStore store = TestStores.create();
    ConsoleSession admin = ConsoleSession.signIn(ConsoleSession.addAgent(store, "ADMIN"));
    String team = "/console/" + store.slug() + "/team";
    String email = "pending-" + UUID.randomUUID() + "@example.com";
    admin.get(team);
    admin.post(team, Map.of("email", email, "name", "Pat", "role", "AGENT"));
    String first = TestAgents.link(email);
    String id =
        TestStores.platformAdmin()
            .get("/api/v1/admin/stores/" + store.slug() + "/agents/invitations")
            .then()
            .extract()
            .path("find { it.email == '" + email + "' }.id");

    admin.get(team).then().body(containsString("/team/invitations/" + id + "/resend"));
    admin
        .post(team + "/invitations/" + id + "/resend", Map.of())
        .then()
        .statusCode(303)
        .header("Location", endsWith("/team?done=resent"));
    String second = TestAgents.link(email);
    org.junit.jupiter.api.Assertions.assertNotEquals(first, second);
    io.restassured.RestAssured.get(first).then().statusCode(404);

    admin.get(team);
    admin
        .post(team + "/invitations/" + id + "/revoke", Map.of())
        .then()
        .statusCode(303)
        .header("Location", endsWith("/team?done=revoked"));
    io.restassured.RestAssured.get(second).then().statusCode(404);
    admin.get(team).then().body(not(containsString(email)));
  }

  @Test
  void anAdminCannotDemoteOrLockOutThemselves() {
    TestStore store = TestStores.create();
    String email = ConsoleSession.addAgent(store, "ADMIN");
    ConsoleSession admin = ConsoleSession.signIn(email);
    String team = "/console/" + store.slug() + "/team";
    UUID me = id(store, email);
    admin.get(team);
    admin
        .post(team + "/" + me + "/role", Map.of("role", "AGENT"))
        .then()
        .header("Location", endsWith("/team?done=self"));
    admin.get(team);
    admin.post(team + "/" + me + "/access", Map.of("enabled", "false"));
    admin.get(team).then().statusCode(200);
  }

  @Test
  void formsWithoutTheTokenOrWithBadInputChangeNothing() {
    TestStore store = TestStores.create();
    ConsoleSession admin = ConsoleSession.signIn(ConsoleSession.addAgent(store, "ADMIN"));
    String team = "/console/" + store.slug() + "/team";
    admin.get(team);
    admin
        .post(
            team,
            Map.of("email", "x@example.com", "name", "X", "password", "correct horse battery"),
            false)
        .then()
        .statusCode(303);
    admin.get(team);
    admin
        .post(
            team,
            Map.of("email", "not-an-email", "name", "X", "password", "short", "role", "AGENT"))
        .then()
        .statusCode(400)
        .body(containsString("class=\"error\""));
    List<String> emails = agents(store).then().extract().path("email");
    assertEquals(1, emails.size(), emails.toString());
  }

  private static io.restassured.response.Response agents(TestStore store) {
    return TestStores.platformAdmin().get("/api/v1/admin/stores/" + store.slug() + "/agents");
  }

  private static UUID id(TestStore store, String email) {
    String id = agents(store).then().extract().path("find { it.email == '" + email + "' }.id");
    return UUID.fromString(id);
  }
}
