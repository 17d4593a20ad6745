package dev.waybill.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Creates isolated stores with their keys through the admin API, one per test. */
public final class TestStores {

  /**
   * Names the platform admin token when the application under test is not the test profile's (the
   * packaged application, which refuses the test profile's published token).
   */
  public static final String ADMIN_TOKEN_PROPERTY = "waybill.test.admin-token";

  /** The platform admin token of the application under test. */
  public static String adminToken() {
    return System.getProperty(ADMIN_TOKEN_PROPERTY, "test-admin-token");
  }

  /** A store and one key per scope. */
  public record TestStore(
      String slug, String merchantKey, String trackingKey, String supportKey, String adminKey) {

    public RequestSpecification merchant() {
      return given().auth().oauth2(merchantKey).contentType(ContentType.JSON);
    }

    public RequestSpecification storefront() {
      return given().auth().oauth2(trackingKey);
    }

    public RequestSpecification storeAdmin() {
      return given().auth().oauth2(adminKey).contentType(ContentType.JSON);
    }
  }

  private TestStores() {}

  public static RequestSpecification platformAdmin() {
    return given().auth().oauth2(adminToken()).contentType(ContentType.JSON);
  }

  public static TestStore create() {
    String slug = "s-" + UUID.randomUUID().toString().substring(0, 12);
    platformAdmin()
        .body(Map.of("slug", slug, "name", "Store " + slug))
        .post("/api/v1/admin/stores")
        .then()
        .statusCode(201);
    return new TestStore(
        slug,
        key(slug, "orders:write"),
        key(slug, "tracking:read"),
        key(slug, "support"),
        key(slug, "admin"));
  }

  public static String key(String slug, String... scopes) {
    return platformAdmin()
        .body(Map.of("scopes", scopes))
        .post("/api/v1/admin/stores/" + slug + "/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }

  /** A valid order body; tests change what they need. */
  public static Map<String, Object> order(String orderNumber, String email, String postalCode) {
    return Map.of(
        "orderNumber", orderNumber,
        "customer", Map.of("name", "Ada Lovelace", "email", email, "phone", "+4915112345678"),
        "items",
            java.util.List.of(
                Map.of(
                    "name",
                    "Trail Runner 2",
                    "sku",
                    "TR2-42",
                    "quantity",
                    1,
                    "imageUrl",
                    "https://cdn.example.com/tr2.jpg")),
        "shippingAddress", Map.of("city", "Berlin", "postalCode", postalCode, "country", "DE"),
        "locale", "en");
  }

  public static String orderNumber() {
    return "T-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates an order with one shipment and returns the shipment's id. */
  public static String orderWithShipment(
      TestStore store, String orderNumber, String email, String trackingNumber) {
    store
        .merchant()
        .body(order(orderNumber, email, "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    return store
        .merchant()
        .body(Map.of("carrier", "ups", "trackingNumber", trackingNumber))
        .post("/api/v1/orders/" + orderNumber + "/shipments")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /**
   * A simulated-carrier parcel on the order that started 20 hours ago and stopped scanning about 8
   * hours ago: past the tests' 6-hour default silence. Returns the created shipment's response.
   */
  public static io.restassured.response.ExtractableResponse<io.restassured.response.Response>
      stalledSimShipment(TestStore store, String orderNumber) {
    long start = java.time.Instant.now().minus(java.time.Duration.ofHours(20)).getEpochSecond();
    return store
        .merchant()
        .body(
            Map.of(
                "carrier",
                "waybill-sim",
                "trackingNumber",
                "SIM-STALLED-T" + start + "-" + orderNumber))
        .post("/api/v1/orders/" + orderNumber + "/shipments")
        .then()
        .statusCode(201)
        .extract();
  }

  /** A valid UPS tracking number (right check digit) that no other test uses. */
  public static String upsNumber() {
    String digits = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits()));
    String body = ("1Z" + digits + "0000000000000000").substring(0, 17);
    for (int check = 0; check < 10; check++) {
      if (dev.waybill.carriers.TrackingNumberFormats.candidates(body + check).contains("ups")) {
        return body + check;
      }
    }
    throw new IllegalStateException("no check digit for " + body);
  }
}
