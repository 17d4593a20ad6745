package dev.waybill.stores;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminApiTest {

  @Test
  void platformAdminCreatesAStore() {
    String slug = "acme-" + System.nanoTime();
    TestStores.platformAdmin()
        .body(
            Map.of(
                "slug", slug,
                "name", "Acme Outdoor",
                "branding", Map.of("primaryColor", "#1F4E79", "supportEmail", "help@acme.example"),
                "defaultLocale", "de",
                "timeZone", "Europe/Berlin"))
        .post("/api/v1/admin/stores")
        .then()
        .statusCode(201)
        .header("Location", containsString("/api/v1/admin/stores/" + slug))
        .body("slug", equalTo(slug))
        .body("branding.primaryColor", equalTo("#1F4E79"))
        .body("timeZone", equalTo("Europe/Berlin"));
  }

  @Test
  void duplicateSlugIsAConflict() {
    TestStore store = TestStores.create();
    TestStores.platformAdmin()
        .body(Map.of("slug", store.slug(), "name", "Again"))
        .post("/api/v1/admin/stores")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", containsString("store-exists"));
  }

  @Test
  void invalidStoreFieldsAreNamed() {
    TestStores.platformAdmin()
        .body(
            Map.of(
                "slug", "Not A Slug!",
                "name", "",
                "branding", Map.of("primaryColor", "blue", "logoUrl", "ftp://x"),
                "timeZone", "Mars/Olympus"))
        .post("/api/v1/admin/stores")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("slug"))
        .body("errors.field", hasItem("name"))
        .body("errors.field", hasItem("branding.primaryColor"))
        .body("errors.field", hasItem("branding.logoUrl"))
        .body("errors.field", hasItem("timeZone"));
  }

  @Test
  void onlyThePlatformAdminCreatesStores() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(Map.of("slug", "sneaky-" + System.nanoTime(), "name", "Sneaky"))
        .post("/api/v1/admin/stores")
        .then()
        .statusCode(403);
  }

  @Test
  void missingOrWrongAdminTokenIsUnauthorized() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("slug", "x-" + System.nanoTime(), "name", "X"))
        .post("/api/v1/admin/stores")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Bearer"));
    given()
        .auth()
        .oauth2("wrong-token")
        .contentType(ContentType.JSON)
        .body(Map.of("slug", "x-" + System.nanoTime(), "name", "X"))
        .post("/api/v1/admin/stores")
        .then()
        .statusCode(401);
  }

  @Test
  void storeAdminUpdatesItsOwnBranding() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(Map.of("branding", Map.of("accentColor", "#F2A900", "customMessage", "Hi!")))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200)
        .body("branding.accentColor", equalTo("#F2A900"))
        .body("branding.customMessage", equalTo("Hi!"));
  }

  @Test
  void newKeySecretIsShownOnceAndNeverListed() {
    TestStore store = TestStores.create();
    String body =
        TestStores.platformAdmin()
            .body(Map.of("scopes", List.of("tracking:read"), "name", "Storefront"))
            .post("/api/v1/admin/stores/" + store.slug() + "/keys")
            .then()
            .statusCode(201)
            .body("key", startsWith("wb_pub_"))
            .extract()
            .asString();
    String secret = io.restassured.path.json.JsonPath.from(body).getString("key");
    TestStores.platformAdmin()
        .get("/api/v1/admin/stores/" + store.slug() + "/keys")
        .then()
        .statusCode(200)
        .body("key", not(hasItem(secret)))
        .body("find { it.name == 'Storefront' }.key", nullValue())
        .body("find { it.name == 'Storefront' }.prefix", equalTo(secret.substring(0, 15)));
  }

  @Test
  void revokedKeyStopsWorkingAtOnce() {
    TestStore store = TestStores.create();
    String body =
        TestStores.platformAdmin()
            .body(Map.of("scopes", List.of("orders:write")))
            .post("/api/v1/admin/stores/" + store.slug() + "/keys")
            .then()
            .statusCode(201)
            .extract()
            .asString();
    var json = io.restassured.path.json.JsonPath.from(body);
    given().auth().oauth2(json.getString("key")).get("/api/v1/orders").then().statusCode(200);
    TestStores.platformAdmin()
        .delete("/api/v1/admin/stores/" + store.slug() + "/keys/" + json.getString("id"))
        .then()
        .statusCode(200)
        .body("revokedAt", not(nullValue()));
    given()
        .auth()
        .oauth2(json.getString("key"))
        .get("/api/v1/orders")
        .then()
        .statusCode(401)
        .body("detail", containsString("revoked"));
  }

  @Test
  void unknownScopeListsTheAllowedOnes() {
    TestStore store = TestStores.create();
    TestStores.platformAdmin()
        .body(Map.of("scopes", List.of("root")))
        .post("/api/v1/admin/stores/" + store.slug() + "/keys")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("scopes[0]"))
        .body("errors[0].message", containsString("orders:write"));
  }

  @Test
  void storeAdminCannotSeeOrManageAnotherStore() {
    TestStore mine = TestStores.create();
    TestStore other = TestStores.create();
    mine.storeAdmin().get("/api/v1/admin/stores/" + other.slug()).then().statusCode(404);
    mine.storeAdmin()
        .body(Map.of("name", "Hijacked"))
        .patch("/api/v1/admin/stores/" + other.slug())
        .then()
        .statusCode(404);
    mine.storeAdmin()
        .body(Map.of("scopes", List.of("orders:write")))
        .post("/api/v1/admin/stores/" + other.slug() + "/keys")
        .then()
        .statusCode(404);
    mine.storeAdmin().get("/api/v1/admin/stores/" + other.slug() + "/keys").then().statusCode(404);
  }
}
