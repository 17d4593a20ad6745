package dev.waybill.support.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.notifications.NotificationPeers;
import dev.waybill.testing.ConsoleSignIn;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AgentAdminApiTest {

  @Test
  void storeAdminInvitesAnAgentWhoCanSignInOnceTheyAccept() {
    TestStore store = TestStores.create();
    String email = "agent-" + UUID.randomUUID() + "@example.com";
    invite(store, email)
        .then()
        .statusCode(202)
        .body("role", equalTo("AGENT"))
        .body("status", equalTo("PENDING"));
    assertEquals(302, attempt(email, "correct horse battery").statusCode());
    assertEquals(null, attempt(email, "correct horse battery").cookie("wb_console"));
    TestAgents.accept(TestAgents.link(email), "correct horse battery", "correct horse battery")
        .then()
        .statusCode(200);

    String session = signIn(email, "correct horse battery");
    given()
        .redirects()
        .follow(false)
        .cookie("wb_console", session)
        .get("/console/" + store.slug())
        .then()
        .statusCode(200);
  }

  @Test
  void wrongPasswordAndUnknownAgentLookTheSame() {
    TestStore store = TestStores.create();
    String email = add(store, "correct horse battery");

    Response wrong = attempt(email, "wrong password!!");
    Response unknown = attempt("nobody-" + UUID.randomUUID() + "@example.com", "whatever-pass");

    assertEquals(302, wrong.statusCode());
    assertEquals(wrong.header("Location"), unknown.header("Location"));
    assertEquals(null, wrong.cookie("wb_console"));
  }

  @Test
  void agentSeesOnlyTheirStores() {
    TestStore mine = TestStores.create();
    TestStore other = TestStores.create();
    String email = add(mine, "correct horse battery");
    String session = signIn(email, "correct horse battery");

    given().cookie("wb_console", session).get("/console/" + other.slug()).then().statusCode(404);
    given()
        .cookie("wb_console", session)
        .get("/console/" + other.slug() + "/orders/anything")
        .then()
        .statusCode(404);
  }

  @Test
  void removedAgentLosesTheStore() {
    TestStore store = TestStores.create();
    String email = add(store, "correct horse battery");
    String id =
        given()
            .auth()
            .oauth2(store.adminKey())
            .get("/api/v1/admin/stores/" + store.slug() + "/agents")
            .then()
            .extract()
            .path("find { it.email == '" + email + "' }.id");
    String session = signIn(email, "correct horse battery");

    given()
        .auth()
        .oauth2(store.adminKey())
        .delete("/api/v1/admin/stores/" + store.slug() + "/agents/" + id)
        .then()
        .statusCode(204);

    given().cookie("wb_console", session).get("/console/" + store.slug()).then().statusCode(404);
    given()
        .auth()
        .oauth2(store.adminKey())
        .get("/api/v1/admin/stores/" + store.slug() + "/agents")
        .then()
        .body("", hasSize(0));
  }

  @Test
  void badAgentNamesTheField() {
    TestStore store = TestStores.create();
    given()
        .auth()
        .oauth2(store.adminKey())
        .contentType(ContentType.JSON)
        .body(Map.of("email", "not an email", "name", "X", "password", "short"))
        .post("/api/v1/admin/stores/" + store.slug() + "/agents")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("email"))
        .body("errors.field", hasItem("password"));
    given()
        .auth()
        .oauth2(store.adminKey())
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "email",
                "new-" + UUID.randomUUID() + "@example.com",
                "name",
                "Chosen For Them",
                "password",
                "correct horse battery"))
        .post("/api/v1/admin/stores/" + store.slug() + "/agents")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("password"));
  }

  @Test
  void anotherStoresAdminCannotAddAgents() {
    TestStore store = TestStores.create();
    TestStore other = TestStores.create();
    given()
        .auth()
        .oauth2(other.adminKey())
        .contentType(ContentType.JSON)
        .body(Map.of("email", "x-" + UUID.randomUUID() + "@example.com", "name", "X"))
        .post("/api/v1/admin/stores/" + store.slug() + "/agents")
        .then()
        .statusCode(404);
  }

  @BeforeAll
  static void mail() {
    NotificationPeers.startMail();
  }

  private static Response invite(TestStore store, String email) {
    return given()
        .auth()
        .oauth2(store.adminKey())
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "name", "Dana"))
        .post("/api/v1/admin/stores/" + store.slug() + "/agents");
  }

  /** An agent of the store, invited and joined with this password. */
  private static String add(TestStore store, String password) {
    String email = "agent-" + UUID.randomUUID() + "@example.com";
    return TestAgents.add(store.slug(), email, "Dana", password, null);
  }

  /** Signs in through the console's form and returns the session cookie. */
  public static String signIn(String email, String password) {
    Response r = attempt(email, password);
    assertEquals(302, r.statusCode());
    String cookie = r.cookie("wb_console");
    if (cookie == null) {
      throw new AssertionError("sign-in failed: " + r.header("Location"));
    }
    return cookie;
  }

  private static Response attempt(String email, String password) {
    return ConsoleSignIn.post(email, password);
  }
}
