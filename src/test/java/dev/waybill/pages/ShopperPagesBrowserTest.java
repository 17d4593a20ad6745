package dev.waybill.pages;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.Chromium;
import dev.waybill.testing.Chromium.Viewport;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The shopper's pages in a real headless Chromium, at a phone and a desktop viewport. Screenshots
 * land in target/screenshots.
 */
@QuarkusTest
class ShopperPagesBrowserTest {

  private static final String BASE =
      "http://localhost:"
          + org.eclipse.microprofile.config.ConfigProvider.getConfig()
              .getValue("quarkus.http.test-port", Integer.class);
  private static final Map<Viewport, WebDriver> browsers = new EnumMap<>(Viewport.class);

  @BeforeAll
  static void browsersAvailable() {
    Chromium.assumeInstalled();
  }

  @AfterAll
  static void closeBrowsers() {
    browsers.values().forEach(WebDriver::quit);
    browsers.clear();
  }

  private static WebDriver browser(Viewport viewport) {
    WebDriver driver = browsers.computeIfAbsent(viewport, Chromium::start);
    driver.manage().deleteAllCookies();
    return driver;
  }

  @Test
  void lookupFormOpensTheTrackingPage() {
    TestStore store = brandedStore("#1F4E79", "#F2A900");
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "lookup@example.com", TestStores.upsNumber());
    event(store, shipment, "IN_TRANSIT", null, "Departed facility");

    for (Viewport viewport : Viewport.values()) {
      WebDriver driver = browser(viewport);
      driver.get(BASE + "/track/" + store.slug());
      Chromium.screenshot(driver, "lookup-form-" + name(viewport));
      if (viewport == Viewport.PHONE) {
        driver.findElement(By.id("orderNumber")).sendKeys(number);
        driver.findElement(By.id("contact")).sendKeys("Lookup@Example.com");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
      } else {
        // Keyboard only: the hidden honeypot is skipped by Tab, Enter submits.
        driver.findElement(By.id("orderNumber")).click();
        driver
            .switchTo()
            .activeElement()
            .sendKeys(number + Keys.TAB + "Lookup@Example.com" + Keys.ENTER);
      }
      waitFor(driver).until(ExpectedConditions.urlContains("/t/"));
      assertTrue(text(driver, "main").contains("Order " + number));
      assertEquals("On its way", text(driver, ".status"));
      assertReadableOnPhone(driver, viewport);
      Chromium.screenshot(driver, "lookup-success-" + name(viewport));
    }
  }

  @Test
  void failedLookupNeverSaysWhetherTheOrderExists() {
    TestStore store = brandedStore("#1F4E79", "#F2A900");
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "real@example.com", TestStores.upsNumber());
    WebDriver driver = browser(Viewport.PHONE);

    String wrongEmail = submitLookup(driver, store, number, "someone-else@example.com");
    String unknownOrder = submitLookup(driver, store, "NO-SUCH-ORDER", "real@example.com");

    assertTrue(wrongEmail.startsWith("We couldn't find an order"), wrongEmail);
    assertEquals(wrongEmail, unknownOrder);
    assertTrue(driver.getCurrentUrl().endsWith("/track/" + store.slug()));
    Chromium.screenshot(driver, "lookup-failed-phone");
  }

  @Test
  void timelineShowsTheCurrentStepAndProblems() {
    TestStore store = brandedStore("#0B6E4F", "#F2A900");
    Map<String, String> expected = new HashMap<>();
    expected.put("IN_TRANSIT", "Shipped");
    expected.put("OUT_FOR_DELIVERY", "Out for delivery");
    expected.put("DELIVERED", "Delivered");
    expected.put("EXCEPTION", "Shipped");
    for (String status : List.of("IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION")) {
      String number = orderNumber();
      String shipment =
          TestStores.orderWithShipment(store, number, "steps@example.com", TestStores.upsNumber());
      event(store, shipment, "IN_TRANSIT", null, "Departed facility");
      if (!status.equals("IN_TRANSIT")) {
        event(
            store,
            shipment,
            status,
            status.equals("EXCEPTION") ? "CONSIGNEE_ADDRESS_PROBLEM" : null,
            "Scan " + status);
      }
      for (Viewport viewport : Viewport.values()) {
        WebDriver driver = browser(viewport);
        driver.get(trackingUrl(store, number));
        WebElement current = driver.findElement(By.cssSelector("ol.steps li[aria-current=step]"));
        assertTrue(
            current.getText().startsWith(expected.get(status)),
            status + " shows " + current.getText());
        if (status.equals("EXCEPTION")) {
          assertTrue(current.getAttribute("class").contains("PROBLEM"));
          assertTrue(
              driver.findElements(By.cssSelector("section.problem")).size() == 1,
              "the parcel is marked as needing attention");
          assertTrue(text(driver, "section.problem").contains("What you can do"));
        } else if (status.equals("DELIVERED")) {
          assertTrue(current.getAttribute("class").contains("DONE"));
        } else {
          assertTrue(current.getAttribute("class").contains("CURRENT"));
        }
        assertReadableOnPhone(driver, viewport);
        Chromium.screenshot(
            driver, "timeline-" + status.toLowerCase().replace('_', '-') + "-" + name(viewport));
      }
    }
  }

  @Test
  void estimatedDeliveryIsSpelledOut() {
    TestStore store = brandedStore("#1F4E79", "#F2A900");
    String number = orderNumber();
    LocalDate eta = LocalDate.of(2030, 3, 14);
    store
        .merchant()
        .body(TestStores.order(number, "eta@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .body(
            Map.of(
                "carrier",
                "ups",
                "trackingNumber",
                TestStores.upsNumber(),
                "carrierEstimatedDelivery",
                eta.toString()))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201);
    WebDriver driver = browser(Viewport.PHONE);
    driver.get(trackingUrl(store, number));
    assertEquals("Thursday 14 March", text(driver, "dd.eta"));
    Chromium.screenshot(driver, "eta-phone");
  }

  @Test
  void splitShipmentShowsOneBlockPerParcel() {
    TestStore store = brandedStore("#1F4E79", "#F2A900");
    String number = orderNumber();
    String first =
        TestStores.orderWithShipment(store, number, "split@example.com", TestStores.upsNumber());
    String second =
        store
            .merchant()
            .body(Map.of("carrier", "ups", "trackingNumber", TestStores.upsNumber()))
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    event(store, first, "DELIVERED", null, "Left at front door");
    event(store, second, "IN_TRANSIT", null, "Departed facility");
    for (Viewport viewport : Viewport.values()) {
      WebDriver driver = browser(viewport);
      driver.get(trackingUrl(store, number));
      List<WebElement> parcels =
          driver.findElements(By.cssSelector("section[aria-labelledby^=parcel-]"));
      assertEquals(2, parcels.size());
      assertTrue(parcels.get(0).getText().startsWith("Parcel 1:"), parcels.get(0).getText());
      assertTrue(parcels.get(1).getText().startsWith("Parcel 2:"), parcels.get(1).getText());
      assertReadableOnPhone(driver, viewport);
      Chromium.screenshot(driver, "split-" + name(viewport));
    }
  }

  @Test
  void helpFormOpensACaseSupportCanRead() {
    TestStore store = brandedStore("#5B2A86", "#FFD23F");
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "help@example.com", TestStores.upsNumber());
    event(store, shipment, "DELIVERED", null, "Left at front door");
    WebDriver driver = browser(Viewport.PHONE);
    driver.get(trackingUrl(store, number));
    driver.findElement(By.id("get-help")).click();
    waitFor(driver).until(ExpectedConditions.urlContains("/help"));
    Chromium.screenshot(driver, "help-form-phone");

    // Sent without a choice first: the form says what is missing and keeps what was typed.
    driver.findElement(By.id("message")).sendKeys("The box was crushed and the shoes are scuffed.");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    String typeError =
        waitFor(driver)
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("type-error")))
            .getText();
    assertTrue(typeError.contains("Please choose"), typeError);
    assertEquals(
        "The box was crushed and the shoes are scuffed.",
        driver.findElement(By.id("message")).getAttribute("value"));
    driver.findElement(By.cssSelector("input[name=type][value=DAMAGED]")).click();
    driver.findElement(By.id("email")).sendKeys("help@example.com");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    waitFor(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("case-reference")));
    String reference = text(driver, "#case-reference");
    assertTrue(reference.matches("WB-[0-9A-Z]{6}"), reference);
    Chromium.screenshot(driver, "help-done-phone");

    given(store)
        .get("/api/v1/support/cases/" + reference)
        .then()
        .statusCode(200)
        .body("type", org.hamcrest.Matchers.equalTo("DAMAGED"))
        .body("orderNumber", org.hamcrest.Matchers.equalTo(number))
        .body("shipmentId", org.hamcrest.Matchers.equalTo(shipment))
        .body("message", org.hamcrest.Matchers.startsWith("The box was crushed"))
        .body("contactEmail", org.hamcrest.Matchers.equalTo("help@example.com"))
        .body("tracking.status", org.hamcrest.Matchers.equalTo("DELIVERED"));
  }

  @Test
  void storeBrandingIsApplied() {
    TestStore store = brandedStore("#FFE500", "#1F4E79");
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "brand@example.com", TestStores.upsNumber());
    WebDriver driver = browser(Viewport.DESKTOP);
    driver.get(trackingUrl(store, number));
    WebElement header = driver.findElement(By.tagName("header"));
    assertEquals("rgba(255, 229, 0, 1)", header.getCssValue("background-color"));
    // Yellow is too light for white text, so the header text turns black.
    assertEquals("rgba(0, 0, 0, 1)", header.getCssValue("color"));
    WebElement logo = driver.findElement(By.cssSelector("header img"));
    assertEquals("https://cdn.example.com/brand-logo.png", logo.getAttribute("src"));
    assertTrue(text(driver, "main").contains("Thanks for shopping with us"));
    WebElement help = driver.findElement(By.id("get-help"));
    assertEquals("rgba(31, 78, 121, 1)", help.getCssValue("background-color"));
    assertEquals("rgba(255, 255, 255, 1)", help.getCssValue("color"));
    Chromium.screenshot(driver, "branding-desktop");
  }

  @Test
  void openPageUpdatesLiveWhenAnEventArrives() {
    TestStore store = brandedStore("#1F4E79", "#F2A900");
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "live@example.com", TestStores.upsNumber());
    event(store, shipment, "IN_TRANSIT", null, "Departed facility");
    WebDriver driver = browser(Viewport.PHONE);
    driver.get(trackingUrl(store, number));
    assertEquals("On its way", text(driver, ".status"));
    ((JavascriptExecutor) driver).executeScript("window.notReloaded = true");

    event(store, shipment, "OUT_FOR_DELIVERY", null, "On the van");

    waitFor(driver)
        .until(d -> "Out for delivery".equals(d.findElement(By.cssSelector(".status")).getText()));
    assertEquals(
        Boolean.TRUE, ((JavascriptExecutor) driver).executeScript("return window.notReloaded"));
    assertNotEquals("", text(driver, "#live-status"));
    Chromium.screenshot(driver, "live-update-phone");
  }

  private static String submitLookup(
      WebDriver driver, TestStore store, String number, String contact) {
    driver.get(BASE + "/track/" + store.slug());
    driver.findElement(By.id("orderNumber")).sendKeys(number);
    driver.findElement(By.id("contact")).sendKeys(contact);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    return waitFor(driver)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("lookup-notice")))
        .getText();
  }

  /**
   * At a phone's width nothing scrolls sideways, and everything to tap is at least 44 px high. A
   * radio button or checkbox is tapped through its label, so the label's height counts.
   */
  private static void assertReadableOnPhone(WebDriver driver, Viewport viewport) {
    if (viewport != Viewport.PHONE) {
      return;
    }
    JavascriptExecutor js = (JavascriptExecutor) driver;
    Number overflow =
        (Number)
            js.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertEquals(0, overflow.intValue(), "horizontal scroll at " + viewport);
    @SuppressWarnings("unchecked")
    List<String> small =
        (List<String>)
            js.executeScript(
                "return Array.from(document.querySelectorAll('main a, main button, summary,"
                    + " input:not([type=hidden]):not(#website), select, textarea'))"
                    + ".filter(e => e.offsetParent !== null"
                    + " && (e.closest('label') || e).getBoundingClientRect().height < 44)"
                    + ".map(e => e.outerHTML.substring(0, 80))");
    assertTrue(small.isEmpty(), "tap targets under 44 px: " + small);
  }

  private static TestStore brandedStore(String primary, String accent) {
    TestStore store = TestStores.create();
    TestStores.platformAdmin()
        .body(
            Map.of(
                "branding",
                Map.of(
                    "primaryColor", primary,
                    "accentColor", accent,
                    "logoUrl", "https://cdn.example.com/brand-logo.png",
                    "supportEmail", "help@shop.example",
                    "customMessage", "Thanks for shopping with us!")))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200);
    return store;
  }

  private static void event(
      TestStore store, String shipment, String status, String reason, String description) {
    Map<String, Object> body = new HashMap<>();
    body.put("status", status);
    body.put("description", description);
    if (reason != null) {
      body.put("reason", reason);
    }
    store
        .merchant()
        .body(body)
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
  }

  private static String trackingUrl(TestStore store, String number) {
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    return BASE + "/t/" + token;
  }

  private static io.restassured.specification.RequestSpecification given(TestStore store) {
    return io.restassured.RestAssured.given().auth().oauth2(store.supportKey());
  }

  private static WebDriverWait waitFor(WebDriver driver) {
    return new WebDriverWait(driver, Duration.ofSeconds(10));
  }

  private static String text(WebDriver driver, String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  private static String name(Viewport viewport) {
    return viewport.name().toLowerCase();
  }
}
