package dev.waybill.carriers.sim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.waybill.carriers.CarrierRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With the simulated carrier off, as it is in production unless switched on: nothing of it answers,
 * and pushes signed with its published secret are refused.
 */
@QuarkusTest
@TestProfile(SimSwitchedOffTest.Off.class)
class SimSwitchedOffTest {

  public static class Off implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("waybill.carriers.sim.enabled", "false");
    }
  }

  @Inject SimCarrierServer sim;
  @Inject SimConfig config;
  @Inject CarrierRegistry carriers;

  @Test
  void itsTrackingApiAnswers404() {
    given()
        .contentType("application/json")
        .body("{\"trackingNumbers\":[\"SIM-ONTIME-" + UUID.randomUUID() + "\"]}")
        .post("/sim/v1/track")
        .then()
        .statusCode(404);
  }

  @Test
  void aPushSignedWithThePublishedSecretIsRefused() {
    new SimPushes(sim, config)
        .sendSigned("msg_" + UUID.randomUUID(), "SIM-ONTIME-T1700000000-1")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("detail", containsString("not configured"));
  }

  @Test
  void itIsNotPolled() {
    assertFalse(carriers.pollable().contains(SimAdapter.CODE));
  }
}
