package dev.waybill.stores;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.waybill.testing.TestDomains;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A tracking domain serves a store's pages only once the store has shown it controls it. */
@QuarkusTest
class TrackingDomainVerificationTest {

  @Test
  void aClaimedDomainServesNothingUntilItShowsTheToken() {
    TestStore store = TestStores.create();
    String domain = "track." + store.slug() + ".example";

    String token =
        TestDomains.claim(store.slug(), domain)
            .then()
            .statusCode(200)
            .body("trackingDomain", equalTo(domain))
            .body("trackingDomainVerification.status", equalTo("PENDING"))
            .body(
                "trackingDomainVerification.dnsRecordName", equalTo("_waybill-challenge." + domain))
            .body("trackingDomainVerification.token", matchesPattern("wb-[A-Za-z0-9]{32}"))
            .extract()
            .path("trackingDomainVerification.token");
    TestStores.platformAdmin()
        .get("/api/v1/admin/stores/" + store.slug())
        .then()
        .body(
            "trackingDomainVerification.httpUrl",
            equalTo("http://" + domain + "/.well-known/waybill-domain/" + token));

    given().header("Host", domain).get("/track").then().statusCode(404);

    TestDomains.verify(store.slug())
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("detail", containsString("_waybill-challenge." + domain));
    given().header("Host", domain).get("/track").then().statusCode(404);

    TestDomains.serveOverHttp(domain, token);
    TestDomains.verify(store.slug())
        .then()
        .statusCode(200)
        .body("trackingDomainVerification.status", equalTo("VERIFIED"))
        .body("trackingDomainVerification.token", nullValue());
    given()
        .header("Host", domain)
        .get("/track")
        .then()
        .statusCode(200)
        .body(containsString("Store " + store.slug()));
  }

  @Test
  void settingADomainAloneDoesNotServeTheStoresPages() {
    TestStore store = TestStores.create();
    String domain = "first-come." + store.slug() + ".example";
    TestDomains.claim(store.slug(), domain).then().statusCode(200);
    given().header("Host", domain).get("/track").then().statusCode(404);
  }

  @Test
  void aTxtRecordVerifiesTheDomain() {
    TestStore store = TestStores.create();
    String domain = "dns." + store.slug() + ".example";
    String token = TestDomains.claim(store.slug(), domain).path("trackingDomainVerification.token");
    TestDomains.publishTxt("_waybill-challenge." + domain, "someone else's token");
    TestDomains.verify(store.slug()).then().statusCode(422);

    TestDomains.publishTxt("_waybill-challenge." + domain, token);
    TestDomains.verify(store.slug())
        .then()
        .statusCode(200)
        .body("trackingDomainVerification.status", equalTo("VERIFIED"));
    given().header("Host", domain).get("/track").then().statusCode(200);
  }

  @Test
  void anotherStoreCanNeitherTakeNorBlockADomain() {
    TestStore squatter = TestStores.create();
    TestStore owner = TestStores.create();
    String domain = "track." + owner.slug() + ".example";

    // Claiming first gets the squatter nothing, and does not keep the owner from claiming it.
    TestDomains.claim(squatter.slug(), domain).then().statusCode(200);
    TestDomains.verify(squatter.slug()).then().statusCode(422);
    TestDomains.claimAndVerify(owner.slug(), domain);
    given()
        .header("Host", domain)
        .get("/track")
        .then()
        .statusCode(200)
        .body(containsString("Store " + owner.slug()))
        .body(not(containsString("Store " + squatter.slug())));

    // Even showing its own token on the domain, a second store cannot take a verified domain.
    String token =
        TestDomains.claim(squatter.slug(), domain).path("trackingDomainVerification.token");
    TestDomains.serveOverHttp(domain, token);
    TestDomains.verify(squatter.slug()).then().statusCode(409);
    given()
        .header("Host", domain)
        .get("/track")
        .then()
        .body(containsString("Store " + owner.slug()));
  }

  @Test
  void changingTheDomainNeedsANewCheck() {
    TestStore store = TestStores.create();
    String first = "one." + store.slug() + ".example";
    String second = "two." + store.slug() + ".example";
    TestDomains.claimAndVerify(store.slug(), first);

    TestDomains.claim(store.slug(), first)
        .then()
        .body("trackingDomainVerification.status", equalTo("VERIFIED"));
    TestDomains.claim(store.slug(), second)
        .then()
        .body("trackingDomainVerification.status", equalTo("PENDING"));
    given().header("Host", first).get("/track").then().statusCode(404);
    given().header("Host", second).get("/track").then().statusCode(404);
  }

  @Test
  void verifyingWithoutADomainIsAConflict() {
    TestStore store = TestStores.create();
    TestDomains.verify(store.slug()).then().statusCode(409);
    given()
        .auth()
        .oauth2(TestStores.create().adminKey())
        .post("/api/v1/admin/stores/" + store.slug() + "/tracking-domain/verify")
        .then()
        .statusCode(404);
  }
}
