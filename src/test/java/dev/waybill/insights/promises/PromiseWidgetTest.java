package dev.waybill.insights.promises;

import static dev.waybill.insights.promises.PromisesApiTest.history;
import static dev.waybill.insights.promises.PromisesApiTest.importHistory;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.Chromium;
import dev.waybill.testing.Chromium.Viewport;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The delivery-date widget: its API contract over HTTP, and the script in a real browser. */
@QuarkusTest
class PromiseWidgetTest {

  private static final String BASE =
      "http://localhost:"
          + org.eclipse.microprofile.config.ConfigProvider.getConfig()
              .getValue("quarkus.http.test-port", Integer.class);
  private static WebDriver driver;

  @BeforeAll
  static void browser() {
    Chromium.assumeInstalled();
    driver = Chromium.start(Viewport.PHONE);
  }

  @AfterAll
  static void close() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void aPublishableKeyInTheUrlGetsCacheablePromisesReadableOnlyByTheStoresOrigins() {
    TestStore store = TestStores.create();
    importHistory(store, history());
    store
        .storeAdmin()
        .body(Map.of("embedOrigins", List.of("https://shop.example.com")))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200);

    given()
        .queryParam("key", store.trackingKey())
        .queryParam("country", "US")
        .queryParam("destinationPostalCode", "10001")
        .header("Origin", "https://shop.example.com")
        .get("/api/v1/promises")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", "https://shop.example.com")
        .header("Cache-Control", "public, max-age=300")
        .header("Vary", "Origin")
        .body("options[0].carrier", equalTo("ups"));
    given()
        .queryParam("key", store.trackingKey())
        .queryParam("country", "US")
        .header("Origin", "https://evil.example.net")
        .get("/api/v1/promises")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", nullValue());
    // A header key is a private answer, as before.
    store
        .storefront()
        .queryParam("country", "US")
        .get("/api/v1/promises")
        .then()
        .statusCode(200)
        .header("Cache-Control", "private, max-age=300");
    // Secret keys are never taken from a URL.
    given()
        .queryParam("key", store.merchantKey())
        .queryParam("country", "US")
        .get("/api/v1/promises")
        .then()
        .statusCode(401);
    given()
        .queryParam("key", store.trackingKey())
        .queryParam("orderNumber", "1001")
        .queryParam("email", "ada@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(401);
  }

  @Test
  void theWidgetIsSmall() {
    byte[] script =
        given().get("/widget/waybill-promise.js").then().statusCode(200).extract().asByteArray();
    org.hamcrest.MatcherAssert.assertThat(script.length, lessThan(5 * 1024));
  }

  @Test
  void theWidgetShowsTheWindowInThePagesLanguageFollowsThePostalCodeAndVanishesWhenUnreachable() {
    TestStore store = TestStores.create();
    importHistory(store, history());

    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    for (String lang : List.of("en-GB", "de")) {
      place(store, lang);
      wait.until(d -> !text().isEmpty());
      String shown = text();
      assertTrue(
          shown.matches(lang.equals("de") ? "Lieferung \\S.+" : "Arrives \\S.+"),
          lang + ": " + shown);
      assertTrue(
          "status".equals(driver.findElement(By.id("wp")).getAttribute("role")),
          "read out by screen readers");
      Chromium.screenshot(driver, "promise-widget-" + lang + "-phone");
    }
    // The same at a desktop's width.
    WebDriver desktop = Chromium.start(Viewport.DESKTOP);
    try {
      place(desktop, store, "fr");
      new WebDriverWait(desktop, Duration.ofSeconds(20))
          .until(d -> !d.findElement(By.id("wp")).getText().isBlank());
      String shown = desktop.findElement(By.id("wp")).getText().trim();
      assertTrue(shown.startsWith("Livraison"), "fr: " + shown);
      Chromium.screenshot(desktop, "promise-widget-fr-desktop");
    } finally {
      desktop.quit();
    }

    // A new postal code asks again; a destination without history still gets the country's window.
    js().executeScript(
            "var i=document.getElementById('zip'); i.value='98101';"
                + " i.dispatchEvent(new Event('change'));");
    wait.until(
        d ->
            "98101".equals(d.findElement(By.id("wp")).getAttribute("postal-code"))
                && !text().isEmpty());

    // Waybill out of reach: the widget shows nothing rather than an error.
    js().executeScript(
            "var w=document.getElementById('wp'); w.setAttribute('api','http://127.0.0.1:9');"
                + " w.setAttribute('postal-code','10002');");
    wait.until(
        d ->
            Boolean.parseBoolean(d.findElement(By.id("wp")).getAttribute("hidden"))
                || text().isEmpty());
    assertTrue(text().isEmpty());
  }

  /**
   * A storefront page on Waybill's origin, in {@code lang}, with the widget as merchants add it.
   */
  private static void place(TestStore store, String lang) {
    place(driver, store, lang);
  }

  /**
   * A plain product page on Waybill's origin with the widget under the price, as a store has it.
   */
  private static void place(WebDriver on, TestStore store, String lang) {
    on.get(BASE + "/track");
    ((JavascriptExecutor) on)
        .executeScript(
            "document.documentElement.lang=arguments[1];"
                + "document.head.querySelectorAll('style,link').forEach(e => e.remove());"
                + "document.body.setAttribute('style','margin:0;font-family:sans-serif;"
                + "background:#fff;color:#111');"
                + "document.body.innerHTML='<main style=\"padding:16px;max-width:520px\">"
                + "<h1 style=\"margin:0 0 4px\">Trail Runner 2</h1>"
                + "<p style=\"font-size:20px;margin:0 0 12px\">$129.00</p>"
                + "<p id=\"promise-line\"></p>"
                + "<label for=\"zip\">Postal code</label> <input id=\"zip\" value=\"10001\">"
                + "<p><button style=\"padding:12px 20px\">Add to cart</button></p></main>';"
                + "var w=document.createElement('waybill-promise'); w.id='wp';"
                + " w.setAttribute('key',arguments[0]); w.setAttribute('country','US');"
                + " w.setAttribute('postal-code','10001'); w.setAttribute('postal-input','#zip');"
                + " document.getElementById('promise-line').appendChild(w);"
                + "var s=document.createElement('script'); s.src='/widget/waybill-promise.js';"
                + " document.head.appendChild(s);",
            store.trackingKey(),
            lang);
  }

  private static String text() {
    return driver.findElement(By.id("wp")).getText().trim();
  }

  private static JavascriptExecutor js() {
    return (JavascriptExecutor) driver;
  }
}
