package dev.waybill.support.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.notifications.NotificationPeers;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.testing.ConsoleSignIn;
import dev.waybill.testing.MutableClock;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * People join a store's console by invitation only: whoever reads the invited mailbox chooses the
 * password, or proves the account is theirs, and adding someone tells an admin nothing about other
 * stores.
 */
@QuarkusTest
class AgentInvitationTest {

  private static final String PASSWORD = "correct horse battery";

  @Inject Pool pool;
  @Inject MutableClock clock;

  @AfterEach
  void resetClock() {
    // The app's clock is shared with every later test in this run.
    clock.reset();
  }

  @BeforeAll
  static void mail() {
    NotificationPeers.startMail();
  }

  @Test
  void anotherStoresAdminCannotPreCreateAnAccountForTheirAgents() {
    TestStore attacker = TestStores.create();
    TestStore victim = TestStores.create();
    String email = "ops-" + UUID.randomUUID() + "@storeb.example";

    // The admin can no longer choose the password of the account behind an email.
    admin(attacker)
        .body(Map.of("email", email, "name", "Ops", "password", "attacker chose this"))
        .post(agents(attacker))
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("password"));
    // An invitation alone creates no account and attaches nothing.
    admin(attacker).body(Map.of("email", email, "name", "Ops")).post(agents(attacker));
    assertNull(ConsoleSignIn.post(email, "attacker chose this").cookie("wb_console"));

    admin(victim)
        .body(Map.of("email", email, "name", "Ops", "role", "ADMIN"))
        .post(agents(victim))
        .then()
        .statusCode(202);
    TestAgents.accept(TestAgents.link(email), PASSWORD, PASSWORD).then().statusCode(200);

    assertNull(ConsoleSignIn.post(email, "attacker chose this").cookie("wb_console"));
    String session = ConsoleSignIn.post(email, PASSWORD).cookie("wb_console");
    given().cookie("wb_console", session).get("/console/" + victim.slug()).then().statusCode(200);
    // Still only invited to the other store: its admin gained no one.
    given().cookie("wb_console", session).get("/console/" + attacker.slug()).then().statusCode(404);
    admin(attacker).get(agents(attacker)).then().body("email", not(hasItem(email)));
  }

  @Test
  void addingAnAgentAnswersTheSameWhetherOrNotTheEmailExistsElsewhere() {
    TestStore elsewhere = TestStores.create();
    TestStore store = TestStores.create();
    String known =
        TestAgents.add(
            elsewhere.slug(), "known-" + UUID.randomUUID() + "@example.com", "K", PASSWORD, null);
    String unknown = "unknown-" + UUID.randomUUID() + "@example.com";

    Response a = admin(store).body(Map.of("email", known, "name", "Sam")).post(agents(store));
    Response b = admin(store).body(Map.of("email", unknown, "name", "Sam")).post(agents(store));

    assertEquals(202, a.statusCode(), a.asString());
    assertEquals(a.statusCode(), b.statusCode());
    Map<String, Object> first = a.jsonPath().getMap("");
    Map<String, Object> second = b.jsonPath().getMap("");
    assertEquals(first.keySet(), second.keySet());
    for (String same : Set.of("name", "role", "status")) {
      assertEquals(first.get(same), second.get(same), same);
    }
    // Both are pending; the existing account gained nothing yet.
    admin(store)
        .get(agents(store) + "/invitations")
        .then()
        .body("email", hasItem(known))
        .body("email", hasItem(unknown))
        .body("status", not(hasItem("EXPIRED")));
    admin(store).get(agents(store)).then().body("email", not(hasItem(known)));
    String session = ConsoleSignIn.post(known, PASSWORD).cookie("wb_console");
    given().cookie("wb_console", session).get("/console/" + store.slug()).then().statusCode(404);
  }

  @Test
  void aNewPersonChoosesTheirOwnPasswordThroughTheLink() {
    TestStore store = TestStores.create();
    String email = "new-" + UUID.randomUUID() + "@example.com";
    admin(store)
        .body(Map.of("email", email, "name", "Nia", "role", "ADMIN"))
        .post(agents(store))
        .then()
        .statusCode(202);
    String link = TestAgents.link(email);
    given().get(link).then().statusCode(200).body(containsString("Choose a password"));

    TestAgents.accept(link, PASSWORD, "something else entirely")
        .then()
        .statusCode(400)
        .body(containsString("The two passwords differ"));
    TestAgents.accept(link, "short", "short")
        .then()
        .statusCode(400)
        .body(containsString("12 to 200 characters"));
    TestAgents.accept(link, PASSWORD, PASSWORD)
        .then()
        .statusCode(200)
        .body(containsString("invitation-joined"));

    String session = ConsoleSignIn.post(email, PASSWORD).cookie("wb_console");
    given()
        .cookie("wb_console", session)
        .get("/console/" + store.slug() + "/team")
        .then()
        .statusCode(200);
    admin(store).get(agents(store) + "/invitations").then().body("", empty());
    admin(store)
        .get(agents(store))
        .then()
        .body("find { it.email == '" + email + "' }.role", equalTo("ADMIN"));
  }

  @Test
  void anExistingAccountJoinsAnotherStoreOnlyWithItsOwnPassword() {
    TestStore first = TestStores.create();
    TestStore second = TestStores.create();
    String email =
        TestAgents.add(
            first.slug(), "both-" + UUID.randomUUID() + "@example.com", "Bo", PASSWORD, null);
    admin(second).body(Map.of("email", email, "name", "Bo")).post(agents(second));
    String link = TestAgents.link(email);
    given()
        .get(link)
        .then()
        .statusCode(200)
        .body(containsString("You already have a console account"))
        .body(not(containsString("confirmation")));

    TestAgents.accept(link, "not my password at all", null)
        .then()
        .statusCode(400)
        .body(containsString("not the password of your console account"));
    String session = ConsoleSignIn.post(email, PASSWORD).cookie("wb_console");
    given().cookie("wb_console", session).get("/console/" + second.slug()).then().statusCode(404);

    TestAgents.accept(link, PASSWORD, null).then().statusCode(200);
    session = ConsoleSignIn.post(email, PASSWORD).cookie("wb_console");
    given().cookie("wb_console", session).get("/console/" + second.slug()).then().statusCode(200);
    given().cookie("wb_console", session).get("/console/" + first.slug()).then().statusCode(200);
  }

  @Test
  void aLinkWorksOnce() {
    TestStore store = TestStores.create();
    String email = "once-" + UUID.randomUUID() + "@example.com";
    admin(store).body(Map.of("email", email, "name", "Oz")).post(agents(store));
    String link = TestAgents.link(email);
    Response page = given().get(link);
    String cookie = page.cookie(FormGuard.COOKIE);
    String csrf = csrf(page);

    TestAgents.accept(link, PASSWORD, PASSWORD).then().statusCode(200);
    given()
        .get(link)
        .then()
        .statusCode(410)
        .body(containsString("invitation-used"))
        .body(not(containsString("name=\"password\"")));
    // The form read before it was used cannot use it again, not even to reset the password.
    given()
        .cookie(FormGuard.COOKIE, cookie)
        .contentType("application/x-www-form-urlencoded")
        .formParams(
            Map.of(
                "csrf", csrf, "password", "another password!", "confirmation", "another password!"))
        .post(link)
        .then()
        .statusCode(410)
        .body(containsString("invitation-used"));
    assertNull(ConsoleSignIn.post(email, "another password!").cookie("wb_console"));
    assertTrue(ConsoleSignIn.post(email, PASSWORD).cookie("wb_console") != null);
  }

  @Test
  void anExpiredLinkSaysSoAndReSendingGivesAWorkingOne() {
    TestStore store = TestStores.create();
    String email = "late-" + UUID.randomUUID() + "@example.com";
    String id =
        admin(store)
            .body(Map.of("email", email, "name", "Lee"))
            .post(agents(store))
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    String link = TestAgents.link(email);
    Response page = given().get(link);

    clock.advance(Duration.ofHours(73));

    given().get(link).then().statusCode(410).body(containsString("invitation-expired"));
    given()
        .cookie(FormGuard.COOKIE, page.cookie(FormGuard.COOKIE))
        .contentType("application/x-www-form-urlencoded")
        .formParams(Map.of("csrf", csrf(page), "password", PASSWORD, "confirmation", PASSWORD))
        .post(link)
        .then()
        .statusCode(410)
        .body(containsString("invitation-expired"));
    admin(store)
        .get(agents(store) + "/invitations")
        .then()
        .body("find { it.id == '" + id + "' }.status", equalTo("EXPIRED"));

    admin(store)
        .post(agents(store) + "/invitations/" + id + "/resend")
        .then()
        .statusCode(200)
        .body("status", equalTo("PENDING"));
    TestAgents.accept(TestAgents.link(email), PASSWORD, PASSWORD).then().statusCode(200);
  }

  @Test
  void reSendingRetiresTheOldLinkAndRevokingTheNewOne() {
    TestStore store = TestStores.create();
    String email = "again-" + UUID.randomUUID() + "@example.com";
    String id =
        admin(store)
            .body(Map.of("email", email, "name", "Ari"))
            .post(agents(store))
            .then()
            .extract()
            .path("id");
    String first = TestAgents.link(email);

    admin(store).post(agents(store) + "/invitations/" + id + "/resend").then().statusCode(200);
    String second = TestAgents.link(email);
    assertNotEquals(first, second);
    given().get(first).then().statusCode(404).body(containsString("invitation-invalid"));
    given().get(second).then().statusCode(200);

    admin(store).delete(agents(store) + "/invitations/" + id).then().statusCode(204);
    given().get(second).then().statusCode(404).body(containsString("invitation-invalid"));
    admin(store).get(agents(store) + "/invitations").then().body("", empty());
    admin(store).delete(agents(store) + "/invitations/" + id).then().statusCode(404);
    admin(store).post(agents(store) + "/invitations/" + id + "/resend").then().statusCode(404);
  }

  @Test
  void anotherStoreCannotSeeResendOrRevokeAStoresInvitations() {
    TestStore store = TestStores.create();
    TestStore other = TestStores.create();
    String email = "mine-" + UUID.randomUUID() + "@example.com";
    String id =
        admin(store).body(Map.of("email", email, "name", "Mo")).post(agents(store)).path("id");
    // The other store's admin key, on its own store's paths, with this store's invitation id.
    admin(other).delete(agents(other) + "/invitations/" + id).then().statusCode(404);
    admin(other).post(agents(other) + "/invitations/" + id + "/resend").then().statusCode(404);
    given()
        .auth()
        .oauth2(other.adminKey())
        .get(agents(store) + "/invitations")
        .then()
        .statusCode(404);
    given().get(TestAgents.link(email)).then().statusCode(200);
  }

  @Test
  void theLinkIsStoredOnlyAsItsHash() {
    TestStore store = TestStores.create();
    String email = "hash-" + UUID.randomUUID() + "@example.com";
    admin(store).body(Map.of("email", email, "name", "Hal")).post(agents(store));
    String token = TestAgents.link(email).replaceFirst(".*/", "");
    Row row =
        pool.preparedQuery("SELECT * FROM agent_invitations WHERE email = $1")
            .execute(Tuple.of(email))
            .await()
            .indefinitely()
            .iterator()
            .next();
    assertEquals(KeyHashing.sha256Hex(token), row.getString("token_hash"));
    for (int i = 0; i < row.size(); i++) {
      Object value = row.getValue(i);
      assertTrue(value == null || !value.toString().contains(token), row.getColumnName(i));
    }
  }

  @Test
  void aForgedAcceptanceChangesNothing() {
    TestStore store = TestStores.create();
    String email = "forged-" + UUID.randomUUID() + "@example.com";
    admin(store).body(Map.of("email", email, "name", "Fy")).post(agents(store));
    String link = TestAgents.link(email);
    given()
        .contentType("application/x-www-form-urlencoded")
        .header("Origin", "https://evil.example")
        .formParams(Map.of("password", PASSWORD, "confirmation", PASSWORD))
        .post(link)
        .then()
        .statusCode(400);
    assertNull(ConsoleSignIn.post(email, PASSWORD).cookie("wb_console"));
    given().get(link).then().statusCode(200);
  }

  @Test
  void invitingSomeoneAlreadyInTheTeamIsAConflict() {
    TestStore store = TestStores.create();
    String email =
        TestAgents.add(
            store.slug(), "member-" + UUID.randomUUID() + "@example.com", "Me", PASSWORD, null);
    admin(store)
        .body(Map.of("email", email.toUpperCase(java.util.Locale.ROOT), "name", "Me"))
        .post(agents(store))
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  private static io.restassured.specification.RequestSpecification admin(TestStore store) {
    return given().auth().oauth2(store.adminKey()).contentType(ContentType.JSON);
  }

  private static String agents(TestStore store) {
    return "/api/v1/admin/stores/" + store.slug() + "/agents";
  }

  private static String csrf(Response page) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
            .matcher(page.asString());
    assertTrue(m.find());
    return m.group(1);
  }
}
