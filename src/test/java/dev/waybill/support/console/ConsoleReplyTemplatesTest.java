package dev.waybill.support.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's reply wording editor: preview against a real order, save, reset; admins only. */
@QuarkusTest
class ConsoleReplyTemplatesTest {

  @Test
  void anAdminPreviewsAWordingWithARealOrderThenSavesAndResetsIt() {
    TestStore store = TestStores.create();
    String number = TestStores.orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String page = "/console/" + store.slug() + "/replies";
    ConsoleSession admin = ConsoleSession.signIn(ConsoleSession.addAgent(store, "ADMIN"));
    Map<String, String> wording =
        Map.of(
            "template", "running-late",
            "locale", "en",
            "subject", "Sorry, {shopper.firstName}",
            "body", "Hi {shopper.firstName},\n{parcel.carrier} is slower than planned.",
            "previewOrderNumber", number);

    admin
        .get(page + "?template=running-late&locale=en")
        .then()
        .statusCode(200)
        .body(containsString("running-late · en"))
        .body(containsString("is running late"));
    admin
        .post(page, with(wording, "action", "preview"))
        .then()
        .statusCode(200)
        .body(containsString("Preview with order " + number))
        .body(containsString("UPS is slower than planned."));
    admin.get(page);
    admin
        .post(page, with(with(wording, "body", "Hi,\n{order.nmber}"), "action", "save"))
        .then()
        .statusCode(400)
        .body(containsString("body: line 2: "))
        .body(containsString("order.nmber"))
        // The text comes back as typed, so nothing is lost.
        .body(containsString("{order.nmber}"));
    admin.get(page);
    admin
        .post(page, with(wording, "action", "save"))
        .then()
        .statusCode(303)
        .header("Location", endsWith("/replies?template=running-late&locale=en&done=saved"));
    admin
        .get(page + "?template=running-late&locale=en&done=saved")
        .then()
        .statusCode(200)
        .body(containsString("Saved."))
        .body(containsString("Sorry, {shopper.firstName}"))
        .body(containsString("id=\"reset\""));
    admin.post(page, with(wording, "action", "reset")).then().statusCode(303);
    admin
        .get(page + "?template=running-late&locale=en")
        .then()
        .body(not(containsString("Sorry, {shopper.firstName}")))
        .body(not(containsString("id=\"reset\"")));
  }

  @Test
  void anAgentCannotReachOrPostToTheEditor() {
    TestStore store = TestStores.create();
    String page = "/console/" + store.slug() + "/replies";
    ConsoleSession dana = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));

    dana.get(page).then().statusCode(403);
    dana.get("/console/" + store.slug());
    dana.post(
            page,
            Map.of(
                "template", "running-late",
                "locale", "en",
                "subject", "Mine",
                "body", "Mine",
                "action", "save"))
        .then()
        .statusCode(403);
    store
        .storeAdmin()
        .get("/api/v1/admin/stores/" + store.slug() + "/reply-templates/running-late/en")
        .then()
        .body("customised", org.hamcrest.Matchers.equalTo(false));
  }

  private static Map<String, String> with(Map<String, String> form, String key, String value) {
    Map<String, String> out = new java.util.HashMap<>(form);
    out.put(key, value);
    return out;
  }
}
