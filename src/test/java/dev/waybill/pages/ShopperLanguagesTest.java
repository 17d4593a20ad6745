package dev.waybill.pages;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shopper pages speak the order's language, else the browser's ({@code Accept-Language}), else the
 * store's; the API speaks the language its {@code locale} asks for.
 */
@QuarkusTest
class ShopperLanguagesTest {

  /** A Tuesday, in the carrier's local time. */
  private static final String SCANNED_AT = "2026-12-01T09:30:00+01:00";

  @ParameterizedTest
  @CsvSource({
    "fr-FR, fr, En cours de livraison, mar. 1 déc. à 09:30, Et ensuite ?",
    "es-ES, es, En reparto, 'mar, 1 dic, 09:30', Próximos pasos",
    "nl-NL, nl, Wordt vandaag bezorgd, di 1 dec. om 09:30, Wat er nu gebeurt",
    "it-IT, it, In consegna, 'mar 1 dic, 09:30', Cosa succede ora"
  })
  void trackingPageSpeaksTheOrdersLanguage(
      String locale, String lang, String status, String scanned, String whatNext) {
    TestStore store = TestStores.create();
    String token = orderOutForDelivery(store, locale);
    given()
        .get("/t/" + token)
        .then()
        .statusCode(200)
        .body(containsString("<html lang=\"" + lang + "\">"))
        .body(containsString("<p class=\"status\">" + status + "</p>"))
        .body(containsString(scanned))
        .body(containsString(whatNext))
        .body(not(containsString("Out for delivery")));
  }

  @Test
  void anOrderWithoutALanguageIsShownInTheBrowsersAndOneWithALanguageInItsOwn() {
    TestStore store = TestStores.create();
    String unspoken = orderOutForDelivery(store, null);
    given()
        .header("Accept-Language", "ja;q=1, nl-BE;q=0.8, en;q=0.5")
        .get("/t/" + unspoken)
        .then()
        .statusCode(200)
        .header("Vary", containsString("Accept-Language"))
        .body(containsString("lang=\"nl\""))
        .body(containsString("Wordt vandaag bezorgd"));
    // The same order for another browser: its own language, not the page cached for the first.
    given()
        .header("Accept-Language", "it-IT,it;q=0.9")
        .get("/t/" + unspoken)
        .then()
        .statusCode(200)
        .body(containsString("lang=\"it\""));
    // No preference the texts have: the store's language.
    given()
        .header("Accept-Language", "ja")
        .get("/t/" + unspoken)
        .then()
        .statusCode(200)
        .body(containsString("lang=\"en\""))
        .body(containsString("Out for delivery"));

    String german = orderOutForDelivery(store, "de-DE");
    given()
        .header("Accept-Language", "fr-FR,fr;q=0.9")
        .get("/t/" + german)
        .then()
        .statusCode(200)
        .body(containsString("lang=\"de\""))
        .body(containsString("In Zustellung"));
    // An explicit ?locale= still wins over both.
    given()
        .header("Accept-Language", "fr-FR")
        .queryParam("locale", "es")
        .get("/t/" + german)
        .then()
        .statusCode(200)
        .body(containsString("lang=\"es\""))
        .body(containsString("En reparto"));
  }

  @Test
  void pagesWithoutAnOrderFollowTheBrowser() {
    TestStore store = TestStores.create();
    given()
        .header("Accept-Language", "es-ES,es;q=0.9,en;q=0.8")
        .get("/track/" + store.slug())
        .then()
        .statusCode(200)
        .body(containsString("lang=\"es\""))
        .body(containsString("Número de pedido"))
        .body(containsString("Seguir pedido"));
    given()
        .header("Accept-Language", "es-ES")
        .queryParam("locale", "fr")
        .get("/track/" + store.slug())
        .then()
        .statusCode(200)
        .body(containsString("Numéro de commande"));
    given()
        .header("Accept-Language", "it")
        .get("/t/not-a-real-token")
        .then()
        .statusCode(404)
        .body(containsString("lang=\"it\""))
        .body(containsString("Non abbiamo trovato questo ordine"));
    given()
        .header("Accept-Language", "nl")
        .get("/track/no-such-store-" + orderNumber().toLowerCase())
        .then()
        .statusCode(404)
        .body(containsString("Hier valt niets te volgen"));
  }

  @Test
  void helpFormSpeaksTheOrdersLanguage() {
    TestStore store = TestStores.create();
    String token = orderOutForDelivery(store, "fr-FR");
    given()
        .get("/t/" + token + "/help")
        .then()
        .statusCode(200)
        .body(containsString("Quel est le problème ?"))
        .body(containsString("Il est arrivé endommagé"));
  }

  @Test
  void apiSpeaksTheLanguageItsLocaleAsksFor() {
    TestStore store = TestStores.create();
    String token = orderOutForDelivery(store, null);
    given()
        .queryParam("locale", "fr")
        .get("/api/v1/tracking/" + token)
        .then()
        .statusCode(200)
        .body("locale", equalTo("fr"))
        .body("shipments[0].statusLabel", equalTo("En cours de livraison"));
    given()
        .queryParam("locale", "it-CH")
        .get("/api/v1/tracking/" + token)
        .then()
        .statusCode(200)
        .body("locale", equalTo("it"))
        .body("shipments[0].statusLabel", equalTo("In consegna"));
    // The browser's language is for pages: the API answers in the order's, then the store's.
    given()
        .header("Accept-Language", "es")
        .get("/api/v1/tracking/" + token)
        .then()
        .statusCode(200)
        .body("locale", equalTo("en"));
  }

  @Test
  void apiFieldMessagesStayEnglishWhateverTheBrowserPrefers() {
    TestStore store = TestStores.create();
    Map<String, Object> body =
        new HashMap<>(TestStores.order(orderNumber(), "shopper@example.com", "10115"));
    body.put("items", List.of(Map.of("name", "Socks", "quantity", 0)));
    String english =
        store
            .merchant()
            .body(body)
            .post("/api/v1/orders")
            .then()
            .statusCode(400)
            .extract()
            .path("errors.find { it.field == 'items[0].quantity' }.message");
    store
        .merchant()
        .header("Accept-Language", "fr-FR,fr;q=0.9")
        .body(body)
        .post("/api/v1/orders")
        .then()
        .statusCode(400)
        .body("errors.find { it.field == 'items[0].quantity' }.message", equalTo(english));
  }

  /** An order in this language (or none) with a parcel on the van; returns its tracking token. */
  private static String orderOutForDelivery(TestStore store, String locale) {
    String number = orderNumber();
    Map<String, Object> body = new HashMap<>(TestStores.order(number, "lang@example.com", "10115"));
    body.remove("locale");
    if (locale != null) {
      body.put("locale", locale);
    }
    store.merchant().body(body).post("/api/v1/orders").then().statusCode(201);
    String shipment =
        store
            .merchant()
            .body(Map.of("carrier", "ups", "trackingNumber", TestStores.upsNumber()))
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    store
        .merchant()
        .body(
            Map.of(
                "status",
                "OUT_FOR_DELIVERY",
                "occurredAt",
                SCANNED_AT,
                "description",
                "On the van"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    return store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
  }
}
