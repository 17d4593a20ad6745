package dev.waybill.platform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** Requests too large for the HTTP layer get problem documents like every other refusal. */
@QuarkusTest
class RequestLimitsTest {

  @Test
  void aRequestLineTooLongGets414AsAProblemDocument() {
    RawHttp.Response r = RawHttp.get(null, "/api/v1/ping?q=" + "a".repeat(10_000));

    assertEquals(414, r.status());
    assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.toString());
    JsonPath problem = new JsonPath(r.body());
    assertEquals(414, problem.getInt("status"));
    assertTrue(problem.getString("type").endsWith("/uri-too-long"));
    assertTrue(problem.getString("detail").contains("4096"));
  }

  @Test
  void headersTooLargeGet431AsAProblemDocument() {
    RawHttp.Response r = RawHttp.get(null, "/api/v1/ping", "X-Padding: " + "b".repeat(40_000));

    assertEquals(431, r.status());
    assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.toString());
    JsonPath problem = new JsonPath(r.body());
    assertEquals(431, problem.getInt("status"));
    assertTrue(problem.getString("type").endsWith("/request-header-fields-too-large"));
  }

  @Test
  void manyHeadersTogetherCountToo() {
    String[] headers = new String[30];
    for (int i = 0; i < headers.length; i++) {
      headers[i] = "X-Part-" + i + ": " + "c".repeat(1_000);
    }
    assertEquals(431, RawHttp.get(null, "/api/v1/ping", headers).status());
  }

  @Test
  void requestsWithinTheLimitsGoThrough() {
    assertEquals(200, RawHttp.get(null, "/api/v1/ping?q=" + "a".repeat(3_000)).status());
    assertEquals(
        200, RawHttp.get(null, "/api/v1/ping", "X-Padding: " + "b".repeat(15_000)).status());
  }
}
