package dev.waybill.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.Chromium;
import dev.waybill.testing.Chromium.Viewport;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The delivery question in a real headless Chromium, at a phone and a desktop width: one tap on a
 * rating records it; keyboard users choose and then send. Pictures of the question in English and
 * French are kept in docs/screenshots.
 */
@QuarkusTest
class FeedbackBrowserTest {

  private static final String BASE =
      "http://localhost:"
          + org.eclipse.microprofile.config.ConfigProvider.getConfig()
              .getValue("quarkus.http.test-port", Integer.class);
  private static final Path DOCS = Path.of("docs", "screenshots");

  private static WebDriver phone;
  private static WebDriver desktop;

  @BeforeAll
  static void browsersAvailable() {
    Chromium.assumeInstalled();
  }

  @AfterAll
  static void closeBrowsers() {
    for (WebDriver d : new WebDriver[] {phone, desktop}) {
      if (d != null) {
        d.quit();
      }
    }
  }

  private static WebDriver browser(Viewport viewport) {
    if (viewport == Viewport.PHONE) {
      phone = phone == null ? Chromium.start(viewport) : phone;
      return phone;
    }
    desktop = desktop == null ? Chromium.start(viewport) : desktop;
    return desktop;
  }

  @Test
  void oneTapOnARatingRecordsItInTheShoppersLanguage() throws IOException {
    TestStore store = TestStores.create();
    Map<String, String> thanks = Map.of("en", "Thank you", "fr", "Merci");
    Map<String, String> question =
        Map.of("en", "How was the delivery?", "fr", "Comment s'est passée la livraison ?");
    for (String lang : List.of("en", "fr")) {
      for (Viewport viewport : Viewport.values()) {
        String token = deliveredOrder(store, lang);
        WebDriver driver = browser(viewport);
        driver.get(BASE + "/t/" + token);
        WebElement form = driver.findElement(By.cssSelector("form[data-feedback]"));
        WebElement legend = form.findElement(By.tagName("legend"));
        assertEquals(question.get(lang), legend.getText());
        // A radio group: five choices, each named by its label in words, not colour.
        List<WebElement> radios = form.findElements(By.cssSelector("input[type=radio]"));
        assertEquals(5, radios.size());
        for (WebElement radio : radios) {
          WebElement label =
              driver.findElement(By.cssSelector("label[for='" + radio.getAttribute("id") + "']"));
          assertTrue(label.getText().matches("(?s).*[1-5] – \\S+.*"), label.getText());
        }
        assertReadableOnPhone(driver, viewport);
        shot(driver, form, "feedback-question-" + lang + "-" + name(viewport));

        form.findElement(By.cssSelector("label[for$='-4']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
            .until(ExpectedConditions.urlContains("/feedback/"));
        WebElement saved = driver.findElement(By.id("feedback-saved"));
        assertTrue(saved.getText().contains(thanks.get(lang)), saved.getText());
        assertTrue(driver.findElement(By.cssSelector("input[value='4']")).isSelected());
        assertReadableOnPhone(driver, viewport);
        shot(
            driver,
            driver.findElement(By.tagName("main")),
            "feedback-saved-" + lang + "-" + name(viewport));
      }
    }
  }

  @Test
  void withTheKeyboardTheChoiceWaitsForTheButton() {
    TestStore store = TestStores.create();
    String token = deliveredOrder(store, "en");
    WebDriver driver = browser(Viewport.DESKTOP);
    driver.get(BASE + "/t/" + token);
    WebElement first = driver.findElement(By.cssSelector("form[data-feedback] input[value='1']"));
    ((JavascriptExecutor) driver).executeScript("arguments[0].focus()", first);
    driver.switchTo().activeElement().sendKeys(Keys.SPACE);
    driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
    driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
    assertTrue(driver.getCurrentUrl().endsWith("/t/" + token), driver.getCurrentUrl());
    assertTrue(driver.findElement(By.cssSelector("input[value='3']")).isSelected());
    driver
        .findElement(By.cssSelector("form[data-feedback] button[type=submit]"))
        .sendKeys(Keys.ENTER);
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.urlContains("/feedback/"));
    assertTrue(driver.findElement(By.cssSelector("input[value='3']")).isSelected());
  }

  private static String deliveredOrder(TestStore store, String lang) {
    String number = TestStores.orderNumber();
    Map<String, Object> order =
        new HashMap<>(TestStores.order(number, "rate-" + number + "@example.com", "10115"));
    order.put("locale", lang);
    store.merchant().body(order).post("/api/v1/orders").then().statusCode(201);
    String shipment =
        store
            .merchant()
            .body(Map.of("carrier", "ups", "trackingNumber", TestStores.upsNumber()))
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    for (String status : List.of("IN_TRANSIT", "DELIVERED")) {
      store
          .merchant()
          .body(Map.of("status", status))
          .post("/api/v1/shipments/" + shipment + "/events")
          .then()
          .statusCode(201);
    }
    return store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
  }

  /** At a phone's width nothing scrolls sideways, and everything to tap is at least 44 px high. */
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
                "return Array.from(document.querySelectorAll('form[data-feedback] label,"
                    + " form[data-feedback] button, form[data-feedback] a'))"
                    + ".filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)"
                    + ".map(e => e.outerHTML.substring(0, 80))");
    assertTrue(small.isEmpty(), "tap targets under 44 px: " + small);
  }

  /** The element's picture, in docs/screenshots for the documentation. */
  private static void shot(WebDriver driver, WebElement element, String name) throws IOException {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", element);
    Files.createDirectories(DOCS);
    Files.write(DOCS.resolve(name + ".png"), element.getScreenshotAs(OutputType.BYTES));
  }

  private static String name(Viewport viewport) {
    return viewport.name().toLowerCase(Locale.ROOT);
  }
}
