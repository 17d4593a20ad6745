package dev.waybill.support.console;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.notifications.NotificationPeers;
import dev.waybill.support.CaseType;
import dev.waybill.support.SupportCases;
import dev.waybill.support.TestCases;
import dev.waybill.testing.Chromium;
import dev.waybill.testing.Chromium.Viewport;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The support console in headless Chromium, as an agent uses it. */
@QuarkusTest
class ConsoleBrowserTest {

  private static final String BASE =
      "http://localhost:"
          + org.eclipse.microprofile.config.ConfigProvider.getConfig()
              .getValue("quarkus.http.test-port", Integer.class);
  private static WebDriver driver;

  @Inject SupportCases cases;
  @Inject dev.waybill.notifications.Dispatcher dispatcher;

  @BeforeAll
  static void browser() {
    Chromium.assumeInstalled();
    driver = Chromium.start(Viewport.DESKTOP);
  }

  @AfterAll
  static void close() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void agentFindsAnOrdersStoryAndWorksItsCase() {
    TestStore store = TestStores.create();
    String email = "agent-" + UUID.randomUUID() + "@example.com";
    TestAgents.add(store.slug(), email, "Dana", "correct horse battery", null);
    String number = orderNumber();
    String tracking = TestStores.upsNumber();
    String shipment = TestStores.orderWithShipment(store, number, "ada@example.com", tracking);
    event(store, shipment, Map.of("status", "IN_TRANSIT", "description", "Departed facility"));
    event(
        store,
        shipment,
        Map.of(
            "status",
            "EXCEPTION",
            "reason",
            "CONSIGNEE_ADDRESS_PROBLEM",
            "description",
            "Address incomplete"));
    NotificationPeers.startMail();
    String reference = openCase(store, number);
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));

    driver.manage().deleteAllCookies();
    driver.get(BASE + "/console/" + store.slug());
    wait(driver).until(ExpectedConditions.urlContains("/console/login"));
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys("wrong password");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("login-error")));
    Chromium.screenshot(driver, "console-login-failed");

    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys("correct horse battery");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("watchlist")));
    String watchlist = driver.findElement(By.id("watchlist")).getText();
    assertTrue(watchlist.contains(number), watchlist);
    assertTrue(watchlist.contains("PROBLEM"), watchlist);
    assertTrue(driver.findElement(By.id("open-cases")).getText().contains(reference));
    Chromium.screenshot(driver, "console-home");

    // From the watchlist, the agent opens a case for the parcel; a second click finds the same one.
    By row = By.xpath("//table[@id='watchlist']//tr[td/a[text()='" + number + "']]");
    By openCase = By.cssSelector("button.open-case");
    driver.findElement(row).findElement(By.tagName("summary")).click();
    driver.findElement(row).findElement(openCase).click();
    wait(driver).until(ExpectedConditions.urlContains("/cases/WB-"));
    String watchCase = driver.getCurrentUrl();
    assertTrue(driver.findElement(By.tagName("main")).getText().contains("from the CONSOLE"));
    driver.get(BASE + "/console/" + store.slug());
    driver.findElement(row).findElement(By.tagName("summary")).click();
    driver.findElement(row).findElement(openCase).click();
    wait(driver).until(ExpectedConditions.urlContains("/cases/WB-"));
    assertEquals(watchCase, driver.getCurrentUrl());

    driver.findElement(By.id("q")).sendKeys(tracking);
    driver.findElement(By.cssSelector("form.search button")).click();
    wait(driver).until(ExpectedConditions.urlContains("/orders/" + number));
    String story = driver.findElement(By.tagName("main")).getText();
    assertTrue(story.contains("Address incomplete"), "scan history shown");
    assertTrue(story.contains("ada@example.com"));
    assertTrue(driver.findElement(By.id("order-cases")).getText().contains(reference));
    String messages = driver.findElement(By.id("messages")).getText();
    assertTrue(messages.contains("ORDER_CONFIRMED"), messages);
    Chromium.screenshot(driver, "console-order");

    // "I never got the confirmation": the agent sends it again.
    By confirmationRow =
        By.xpath("//table[@id='messages']//tr[td[contains(., 'ORDER_CONFIRMED')]]");
    driver.findElement(confirmationRow).findElement(By.tagName("button")).click();
    wait(driver)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> d.findElement(confirmationRow).getText().contains("PENDING"));

    driver.findElement(By.linkText(reference)).click();
    wait(driver).until(ExpectedConditions.urlContains("/cases/" + reference));
    // The address problem calls for the address reply, filled in and ready to send.
    assertEquals(
        "address-problem", driver.findElement(By.cssSelector("#reply-templates strong")).getText());
    assertEquals(
        "We need your address for order " + number,
        driver.findElement(By.id("reply-subject")).getAttribute("value"));
    String reply = driver.findElement(By.id("reply-body")).getAttribute("value");
    assertTrue(reply.startsWith("Hello Ada,"), reply);
    assertTrue(reply.contains("/t/"), reply);
    assertTrue(
        driver
            .findElement(By.id("reply-mailto"))
            .getAttribute("href")
            .startsWith("mailto:ada@example.com?subject=We%20need%20your%20address"));
    Chromium.screenshot(driver, "console-case-reply");
    driver.findElement(By.linkText("running-late")).click();
    wait(driver).until(ExpectedConditions.urlContains("reply=running-late"));
    assertEquals(
        "Your order " + number + " is running late",
        driver.findElement(By.id("reply-subject")).getAttribute("value"));
    // The agent adds a line and sends it; the case then lists it among the replies sent.
    driver.findElement(By.id("reply-body")).sendKeys("\nPS: UPS has the full address now.");
    driver.findElement(By.id("reply-send")).click();
    wait(driver).until(ExpectedConditions.urlContains("sent=1"));
    assertTrue(driver.findElement(By.cssSelector(".notice")).getText().contains("on its way"));
    String sent = driver.findElement(By.id("replies-sent")).getText();
    assertTrue(sent.contains("by Dana") || sent.contains("by "), sent);
    assertTrue(sent.contains("PENDING") || sent.contains("SENT"), sent);
    new Select(driver.findElement(By.id("status"))).selectByValue("WAITING_ON_CARRIER");
    driver.findElement(By.id("note")).sendKeys("Asked UPS to re-attempt with the full address.");
    driver.findElement(By.cssSelector("section[aria-labelledby=update-title] button")).click();
    wait(driver).until(ExpectedConditions.textToBe(By.id("case-status"), "WAITING_ON_CARRIER"));
    String notes = driver.findElement(By.id("notes")).getText();
    assertTrue(notes.contains("Asked UPS to re-attempt"), notes);
    assertTrue(notes.contains("OPEN → WAITING_ON_CARRIER"), notes);
    Chromium.screenshot(driver, "console-case");

    driver.findElement(By.cssSelector("header form button")).click();
    wait(driver).until(ExpectedConditions.urlContains("/console/login"));
    driver.get(BASE + "/console/" + store.slug());
    assertTrue(driver.getCurrentUrl().contains("/console/login"), "signed out");
  }

  @Test
  void searchWithoutMatchSaysSo() {
    TestStore store = TestStores.create();
    String email = "agent-" + UUID.randomUUID() + "@example.com";
    TestAgents.add(store.slug(), email, "Dana", "correct horse battery", null);
    driver.manage().deleteAllCookies();
    driver.get(BASE + "/console/login");
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys("correct horse battery");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("q")));
    driver.findElement(By.id("q")).sendKeys("nobody@example.com");
    driver.findElement(By.cssSelector("form.search button")).click();
    wait(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("no-results")));
    assertEquals(
        "No order, email, tracking number or case matches.",
        driver.findElement(By.id("no-results")).getText());
  }

  private String openCase(TestStore store, String number) {
    return TestCases.open(
        cases, store, number, CaseType.WRONG_ADDRESS, "My address is missing the flat number.");
  }

  private static void event(TestStore store, String shipment, Map<String, Object> body) {
    store
        .merchant()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
  }

  private static WebDriverWait wait(WebDriver driver) {
    return new WebDriverWait(driver, Duration.ofSeconds(10));
  }
}
