package dev.waybill.carriers.sim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SimTrackApiTest {

  @Test
  void bodyThatIsNotJsonIsABadRequest() {
    given()
        .contentType("application/json")
        .body("{\"trackingNumbers\":")
        .post("/sim/v1/track")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("body"));
  }

  @Test
  void trackingNumbersThatAreNotStringsAreABadRequest() {
    given()
        .contentType("application/json")
        .body("{\"trackingNumbers\":[1, {\"a\":1}]}")
        .post("/sim/v1/track")
        .then()
        .statusCode(400);
  }

  @Test
  void trackingNumbersAreTracked() {
    given()
        .contentType("application/json")
        .body("{\"trackingNumbers\":[\"SIM-ONTIME-T1764000000-1\"]}")
        .post("/sim/v1/track")
        .then()
        .statusCode(200)
        .body("results.size()", equalTo(1));
  }
}
