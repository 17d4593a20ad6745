package dev.waybill.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests to the management interface: health, metrics, the OpenAPI document and Swagger UI, on a
 * port of their own ({@code quarkus.management.test-port} in tests).
 */
public final class Management {

  private Management() {}

  public static int port() {
    return ConfigProvider.getConfig()
        .getOptionalValue("quarkus.management.test-port", Integer.class)
        .orElse(9001);
  }

  public static RequestSpecification given() {
    return RestAssured.given().port(port());
  }
}
