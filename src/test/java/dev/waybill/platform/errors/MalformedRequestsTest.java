package dev.waybill.platform.errors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MalformedRequestsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RawHttp.Answer send(RawHttp.Request request) {
    return new RawHttp(RestAssured.port, Duration.ofSeconds(10)).send(request);
  }

  private static void assertProblem(RawHttp.Answer answer, int status) throws Exception {
    assertEquals(status, answer.status(), answer.bodyText());
    assertTrue(
        String.valueOf(answer.header("content-type")).startsWith(Problem.MEDIA_TYPE),
        "content type " + answer.header("content-type"));
    JsonNode problem = JSON.readTree(answer.body());
    assertEquals(status, problem.path("status").asInt());
    assertTrue(problem.path("type").isTextual() && problem.path("title").isTextual());
  }

  @Test
  void streamedBodyOverTheLimitIsAProblemDocument() throws Exception {
    TestStore store = TestStores.create();
    byte[] body =
        ("{\"orderNumber\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertProblem(
        send(
            RawHttp.Request.of("POST", "/api/v1/orders")
                .header("Authorization", "Bearer " + store.merchantKey())
                .header("Content-Type", "application/json")
                .chunkedBody(body)),
        413);
  }

  @Test
  void streamedBodyWithinTheLimitIsRead() throws Exception {
    TestStore store = TestStores.create();
    String orderNumber = TestStores.orderNumber();
    byte[] body = JSON.writeValueAsBytes(TestStores.order(orderNumber, "ada@example.com", "10115"));
    RawHttp.Answer answer =
        send(
            RawHttp.Request.of("POST", "/api/v1/orders")
                .header("Authorization", "Bearer " + store.merchantKey())
                .header("Content-Type", "application/json")
                .chunkedBody(body));
    assertEquals(201, answer.status(), answer.bodyText());
    store.merchant().get("/api/v1/orders/" + orderNumber).then().statusCode(200);
  }

  @Test
  void nulInAPathValueIsABadRequest() {
    TestStore store = TestStores.create();
    given()
        .urlEncodingEnabled(false)
        .auth()
        .oauth2(store.adminKey())
        .get("/api/v1/admin/stores/a%00b")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE);
    given()
        .urlEncodingEnabled(false)
        .auth()
        .oauth2(store.adminKey())
        .contentType("application/json")
        .body(Map.of("name", "Renamed"))
        .patch("/api/v1/admin/stores/a%00b")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE);
  }

  @Test
  void nulInAJsonStringNamesTheField() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body("{\"name\":\"Acme\\u0000Outdoor\"}")
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("errors[0].field", equalTo("name"))
        .body("errors[0].message", equalTo(TextValues.MESSAGE));
  }

  @Test
  void unpairedSurrogateInAJsonStringNamesTheField() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body("{\"branding\":{\"customMessage\":\"Thanks \\ud800\"}}")
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("errors[0].field", equalTo("branding.customMessage"));
  }

  @Test
  void fractionForAWholeNumberIsRefusedNotRoundedDown() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body("{\"rateLimits\":{\"perKey\":1.5}}")
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("errors[0].field", equalTo("rateLimits.perKey"))
        .body("errors[0].message", equalTo("must be a whole number"));
  }

  @Test
  void pairedSurrogatesAreText() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body("{\"name\":\"Acme \\ud83d\\ude00\"}")
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200)
        .body("name", equalTo("Acme \uD83D\uDE00"));
  }
}
