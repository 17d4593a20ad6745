package dev.waybill.support.replies;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.waybill.support.CaseType;
import dev.waybill.support.ContactChannel;
import dev.waybill.support.NewCase;
import dev.waybill.support.SupportCases;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReplyTemplatesTest {

  @Inject SupportCases cases;

  @Test
  void aCaseAboutADeliveredParcelGetsTheDeliveredButNotReceivedReply() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    store
        .merchant()
        .body(Map.of("status", "DELIVERED", "description", "Front porch"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    String reference = openCase(store, number, CaseType.DELIVERED_NOT_RECEIVED);

    support(store)
        .queryParam("case", reference)
        .get("/api/v1/support/replies")
        .then()
        .statusCode(200)
        .body("template", equalTo("delivered-not-received"))
        .body("suggested", equalTo(true))
        .body("locale", equalTo("en"))
        .body("orderNumber", equalTo(number))
        .body("subject", equalTo("Your order " + number + " shows as delivered"))
        .body("body", startsWith("Hello Ada,"))
        .body("body", containsString("UPS reports your order " + number + " as delivered on"))
        .body("body", containsString("/t/"))
        .body("body", not(containsString("{")));
  }

  @Test
  void anOrderMovingNormallyGetsWhereIsMyOrderInTheAskedLanguage() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String tracking = TestStores.upsNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", tracking);

    support(store)
        .queryParam("orderNumber", number)
        .queryParam("locale", "de-AT")
        .get("/api/v1/support/replies")
        .then()
        .statusCode(200)
        .body("template", equalTo("where-is-my-order"))
        .body("locale", equalTo("de"))
        .body("subject", startsWith("Ihre Bestellung " + number + ": "))
        .body("body", startsWith("Guten Tag Ada Lovelace,"))
        .body("body", containsString("Sendungsnummer " + tracking));

    support(store)
        .queryParam("orderNumber", number)
        .queryParam("template", "split_shipment")
        .queryParam("locale", "it")
        .get("/api/v1/support/replies")
        .then()
        .statusCode(200)
        .body("template", equalTo("split-shipment"))
        .body("suggested", equalTo(false))
        .body("suggestedTemplate", equalTo("where-is-my-order"))
        .body("body", containsString("- UPS " + tracking + ": "));
  }

  @Test
  void aStoresOwnWordingIsCheckedAgainstARealOrderSavedUsedAndReset() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String path = "/api/v1/admin/stores/" + store.slug() + "/reply-templates/running-late/en";
    Map<String, Object> wording =
        Map.of(
            "subject", "Sorry, {shopper.firstName}: {order.number} is late",
            "body", "Hi {shopper.firstName},\n{parcel.carrier} is slower than planned.");

    store
        .storeAdmin()
        .body(wording)
        .post(path + "/preview")
        .then()
        .statusCode(200)
        .body("orderNumber", equalTo(number))
        .body("subject", equalTo("Sorry, Ada: " + number + " is late"))
        .body("body", equalTo("Hi Ada,\nUPS is slower than planned."));
    for (int i = 0; i < 2; i++) {
      store
          .storeAdmin()
          .body(wording)
          .put(path)
          .then()
          .statusCode(200)
          .body("customised", equalTo(true))
          .body("subject", equalTo(wording.get("subject")));
    }
    support(store)
        .queryParam("orderNumber", number)
        .queryParam("template", "running-late")
        .get("/api/v1/support/replies")
        .then()
        .statusCode(200)
        .body("customised", equalTo(true))
        .body("subject", equalTo("Sorry, Ada: " + number + " is late"));

    store.storeAdmin().delete(path).then().statusCode(200).body("customised", equalTo(false));
    support(store)
        .queryParam("orderNumber", number)
        .queryParam("template", "running-late")
        .get("/api/v1/support/replies")
        .then()
        .body("customised", equalTo(false))
        .body("subject", equalTo("Your order " + number + " is running late"));
  }

  @Test
  void aWordingThatCannotBeFilledIsRefusedWithItsLineAndReason() {
    TestStore store = TestStores.create();
    String path = "/api/v1/admin/stores/" + store.slug() + "/reply-templates/where-is-my-order/fr";

    store
        .storeAdmin()
        .body(Map.of("subject", "Commande {order.number}", "body", "Bonjour,\n{order.nmber}"))
        .put(path)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("body"))
        .body("errors[0].message", startsWith("line 2: "))
        .body("errors[0].message", containsString("order.nmber"));
    store
        .storeAdmin()
        .body(Map.of("subject", "Commande {#if order.number}", "body", "Bonjour"))
        .put(path)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("subject"))
        .body("errors[0].message", startsWith("line 1: "));
    store
        .storeAdmin()
        .body(
            Map.of(
                "subject", "x", "body", "{#for i in 100000000}{#for j in 100000000}x{/for}{/for}"))
        .put(path)
        .then()
        .statusCode(400)
        .body("errors[0].message", equalTo("line 1: only 'parcels' can be looped over"));
    store
        .storeAdmin()
        .get(path)
        .then()
        .statusCode(200)
        .body("customised", equalTo(false))
        .body("subject", startsWith("Votre commande"));
  }

  @Test
  void unknownTemplatesAndLanguagesAreNamedAndOtherStoresSeeNothing() {
    TestStore store = TestStores.create();
    TestStore other = TestStores.create();
    String base = "/api/v1/admin/stores/" + store.slug() + "/reply-templates";

    store
        .storeAdmin()
        .get(base)
        .then()
        .statusCode(200)
        .body("locales", hasSize(6))
        .body("items", hasSize(ReplyTemplate.values().length * 6));
    store
        .storeAdmin()
        .get(base + "/late/en")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("template"));
    store
        .storeAdmin()
        .get(base + "/running-late/pt")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("locale"));
    other.storeAdmin().get(base).then().statusCode(404);
    support(store)
        .get("/api/v1/support/replies")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("orderNumber"));
    support(store)
        .queryParam("orderNumber", "nope-" + UUID.randomUUID())
        .get("/api/v1/support/replies")
        .then()
        .statusCode(404);
  }

  private String openCase(TestStore store, String number, CaseType type) {
    UUID storeId =
        TestStores.platformAdmin()
            .get("/api/v1/admin/stores/" + store.slug())
            .then()
            .extract()
            .jsonPath()
            .getUUID("id");
    return cases
        .open(
            new NewCase(
                storeId,
                number,
                null,
                type,
                "Help",
                ContactChannel.EMAIL,
                "ada@example.com",
                null,
                "en",
                "{}",
                UUID.randomUUID().toString()))
        .await()
        .indefinitely();
  }

  private static RequestSpecification support(TestStore store) {
    return given().auth().oauth2(store.supportKey());
  }
}
