package dev.waybill.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.notifications.NotificationPeers;
import dev.waybill.testing.Chromium;
import dev.waybill.testing.Chromium.Viewport;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** A shopper goes from a tracking page to all their orders, in a real headless Chromium. */
@QuarkusTest
class ShopperOrdersBrowserTest {

  private static final String BASE =
      "http://localhost:"
          + org.eclipse.microprofile.config.ConfigProvider.getConfig()
              .getValue("quarkus.http.test-port", Integer.class);
  private static final Pattern LINK =
      Pattern.compile("https?://[^\\s\"<>]*(/track/[a-z0-9-]+/orders/in/[A-Za-z0-9]+)");

  private static WebDriver driver;

  @BeforeAll
  static void browserAndMail() {
    Chromium.assumeInstalled();
    NotificationPeers.startMail();
  }

  @AfterAll
  static void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void fromATrackingPageTheEmailedLinkShowsEveryOrderNewestFirst() throws Exception {
    TestStore store = TestStores.create();
    String email = "browser-" + UUID.randomUUID() + "@example.com";
    String older = order(store, email, "2026-03-02T10:00:00Z");
    String newer = order(store, email, "2026-05-02T10:00:00Z");
    String token =
        store
            .storefront()
            .queryParam("orderNumber", older)
            .queryParam("email", email)
            .get("/api/v1/tracking")
            .then()
            .statusCode(200)
            .extract()
            .path("token");

    driver = Chromium.start(Viewport.PHONE);
    driver.get(BASE + "/t/" + token);
    driver.findElement(By.id("all-orders")).click();
    assertTrue(driver.getCurrentUrl().contains("/track/" + store.slug() + "/orders"));
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    assertTrue(shown(driver, "sent-title").isDisplayed());
    Chromium.screenshot(driver, "shopper-orders-sent-phone");

    driver.get(BASE + link(email));
    shown(driver, "orders");
    // The link is spent and gone from the address bar; the session cookie shows the orders.
    assertTrue(!driver.getCurrentUrl().contains("/in/"), driver.getCurrentUrl());
    List<WebElement> orders = driver.findElements(By.cssSelector("#orders li"));
    assertEquals(2, orders.size());
    assertTrue(orders.get(0).getText().contains(newer), orders.get(0).getText());
    assertTrue(orders.get(1).getText().contains(older), orders.get(1).getText());
    Chromium.screenshot(driver, "shopper-orders-list-phone");

    orders.get(1).findElement(By.tagName("a")).click();
    new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(10))
        .until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/t/"));

    driver.navigate().back();
    shown(driver, "sign-out");
    driver.findElement(By.id("orders"));
    driver.findElement(By.id("sign-out")).click();
    // Signed out: the form to ask for a link again.
    shown(driver, "email");
  }

  private static String order(TestStore store, String email, String placedAt) {
    String number = TestStores.orderNumber();
    Map<String, Object> order = new HashMap<>(TestStores.order(number, email, "10115"));
    order.put("placedAt", placedAt);
    store.merchant().body(order).post("/api/v1/orders").then().statusCode(201);
    return number;
  }

  private static String link(String email) throws Exception {
    long until = System.currentTimeMillis() + Duration.ofSeconds(20).toMillis();
    while (System.currentTimeMillis() < until) {
      for (MimeMessage m : NotificationPeers.mailTo(email)) {
        if (m.getSubject().startsWith("Your sign-in link")) {
          Matcher found = LINK.matcher(TestAgents.text(m));
          if (found.find()) {
            return found.group(1);
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no sign-in email for " + email);
  }

  /** The element once the page that has it has loaded: a click starts navigation, not ends it. */
  private static WebElement shown(WebDriver driver, String id) {
    return new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(10))
        .until(
            org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(By.id(id)));
  }
}
