package dev.waybill.support.console;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.notifications.NotificationPeers;
import dev.waybill.support.CaseType;
import dev.waybill.support.ContactChannel;
import dev.waybill.support.NewCase;
import dev.waybill.support.SupportCases;
import dev.waybill.testing.Chromium;
import dev.waybill.testing.Chromium.Viewport;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The console's team page and watchlist actions in headless Chromium, on a laptop and a phone. */
@QuarkusTest
class ConsoleEscalationsBrowserTest {

  private static final String BASE =
      "http://localhost:"
          + org.eclipse.microprofile.config.ConfigProvider.getConfig()
              .getValue("quarkus.http.test-port", Integer.class);
  private static WebDriver desktop;
  private static WebDriver phone;

  @Inject SupportCases cases;
  @Inject dev.waybill.notifications.Dispatcher dispatcher;

  @BeforeAll
  static void browsers() {
    Chromium.assumeInstalled();
    desktop = Chromium.start(Viewport.DESKTOP);
    phone = Chromium.start(Viewport.PHONE);
  }

  @AfterAll
  static void close() {
    for (WebDriver d : new WebDriver[] {desktop, phone}) {
      if (d != null) {
        d.quit();
      }
    }
  }

  @Test
  void anAdminManagesTheTeamAndAnAgentCannot() {
    TestStore store = TestStores.create();
    String admin = ConsoleSession.addAgent(store, "ADMIN");
    String agent = ConsoleSession.addAgent(store, "AGENT");

    signIn(desktop, store, admin);
    desktop.findElement(By.linkText("Team")).click();
    wait(desktop).until(ExpectedConditions.presenceOfElementLocated(By.id("team")));
    String email = "fox-" + UUID.randomUUID() + "@example.com";
    desktop.findElement(By.id("add-email")).sendKeys(email);
    desktop.findElement(By.id("add-name")).sendKeys("Fox Mulder");
    new Select(desktop.findElement(By.id("add-role"))).selectByValue("AGENT");
    desktop.findElement(By.cssSelector("#add-agent button")).click();
    wait(desktop)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Invitation sent"));
    assertTrue(desktop.findElement(By.id("invitations")).getText().contains(email));
    // Fox accepts the emailed invitation, and shows up in the team.
    TestAgents.accept(TestAgents.link(email), "correct horse battery", "correct horse battery")
        .then()
        .statusCode(200);
    desktop.navigate().refresh();
    wait(desktop).until(ExpectedConditions.presenceOfElementLocated(By.id("team")));
    assertTrue(desktop.findElements(By.id("invitations")).isEmpty());

    By fox = By.cssSelector("#team tr[data-email='" + email + "']");
    new Select(desktop.findElement(fox).findElement(By.tagName("select"))).selectByValue("ADMIN");
    desktop.findElement(fox).findElement(By.cssSelector("button.change-role")).click();
    wait(desktop).until(ExpectedConditions.textToBe(By.id("notice"), "Role changed."));
    By agentRow = By.cssSelector("tr[data-email='" + agent + "']");
    desktop.findElement(agentRow).findElement(By.cssSelector("button.disable")).click();
    wait(desktop)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("notice"), "Access taken away"));
    assertTrue(desktop.findElement(agentRow).getText().contains("disabled"));
    Chromium.screenshot(desktop, "console-team");
    desktop.findElement(agentRow).findElement(By.cssSelector("button.enable")).click();
    wait(desktop).until(ExpectedConditions.textToBe(By.id("notice"), "Access given back."));

    signIn(phone, store, admin);
    phone.get(BASE + "/console/" + store.slug() + "/team");
    wait(phone).until(ExpectedConditions.presenceOfElementLocated(By.id("team")));
    noSideways(phone);
    Chromium.screenshot(phone, "console-team-phone");

    signIn(desktop, store, agent);
    assertTrue(desktop.findElements(By.linkText("Team")).isEmpty(), "no link for agents");
    desktop.get(BASE + "/console/" + store.slug() + "/team");
    assertTrue(desktop.findElement(By.id("forbidden")).isDisplayed());
    assertTrue(desktop.findElements(By.id("add-agent")).isEmpty());
    Chromium.screenshot(desktop, "console-team-forbidden");
  }

  @Test
  void anAgentWorksTheWatchlistRowByRow() {
    TestStore store = TestStores.create();
    UUID storeId =
        TestStores.platformAdmin()
            .get("/api/v1/admin/stores/" + store.slug())
            .then()
            .extract()
            .jsonPath()
            .getUUID("id");
    NotificationPeers.startMail();
    String problem = orderNumber();
    String problemParcel = parcel(store, problem, "EXCEPTION");
    String returned = orderNumber();
    parcel(store, returned, "RETURNED_TO_SENDER");
    String delivered = orderNumber();
    String deliveredParcel = parcel(store, delivered, "DELIVERED");
    String reference = dnrCase(storeId, delivered, deliveredParcel);
    String lost = orderNumber();
    String lostParcel = parcel(store, lost, "IN_TRANSIT");
    io.restassured.RestAssured.given()
        .auth()
        .oauth2(store.supportKey())
        .contentType(io.restassured.http.ContentType.JSON)
        .body(
            Map.of(
                "shipmentId",
                lostParcel,
                "reason",
                "Lost in transit",
                "remindOn",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString()))
        .post("/api/v1/support/claims")
        .then()
        .statusCode(201);
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));
    String agent = ConsoleSession.addAgent(store, "AGENT");

    signIn(phone, store, agent);
    wait(phone).until(ExpectedConditions.presenceOfElementLocated(By.id("watchlist")));
    noSideways(phone);
    Chromium.screenshot(phone, "console-watchlist-phone");
    open(phone, problem);
    noSideways(phone);
    Chromium.screenshot(phone, "console-watchlist-actions-phone");

    signIn(desktop, store, agent);
    String list = desktop.findElement(By.id("watchlist")).getText();
    assertTrue(
        list.indexOf("NOT_RECEIVED") < list.indexOf("RETURNED")
            && list.indexOf("RETURNED") < list.indexOf("PROBLEM"),
        list);
    assertTrue(list.contains(reference), list);
    assertTrue(
        list.contains("CLAIM_DUE") && list.indexOf("CLAIM_DUE") < list.indexOf("NOT_RECEIVED"),
        list);

    // The claim whose reminder is due: filed from its row, it leaves the list.
    WebElement due = open(desktop, lost);
    due.findElement(By.name("claimReference")).sendKeys("UPS-CLM-9001");
    Chromium.screenshot(desktop, "console-watchlist-claim-due");
    due.findElement(By.cssSelector("button.mark-filed")).click();
    wait(desktop).until(ExpectedConditions.textToBe(By.id("notice"), "Claim marked filed."));
    assertTrue(desktop.findElements(By.cssSelector("tr[data-order='" + lost + "']")).isEmpty());

    // A note on the problem parcel, then the last message again.
    WebElement row = open(desktop, problem);
    row.findElement(By.tagName("textarea")).sendKeys("Called the depot; they will re-attempt.");
    Chromium.screenshot(desktop, "console-watchlist-actions");
    row.findElement(By.cssSelector("button.add-note")).click();
    wait(desktop).until(ExpectedConditions.textToBe(By.id("notice"), "Note added."));
    assertTrue(row(desktop, problem).getText().contains("Called the depot"));
    row = open(desktop, problem);
    row.findElement(By.cssSelector("button.resend")).click();
    wait(desktop)
        .until(
            ExpectedConditions.textToBe(By.id("notice"), "The last message is on its way again."));

    // A claim reminder for the returned parcel, worked on the order's story.
    row = open(desktop, returned);
    row.findElement(By.cssSelector("button.open-claim")).click();
    wait(desktop).until(ExpectedConditions.urlContains("/orders/" + returned));
    assertEquals("Claim reminder open.", desktop.findElement(By.id("notice")).getText());
    WebElement claim = desktop.findElement(By.cssSelector("li.claim"));
    assertTrue(claim.getText().contains("file with UPS by"), claim.getText());
    claim.findElement(By.name("claimReference")).sendKeys("UPS-CLM-4471");
    claim.findElement(By.cssSelector("button.save-claim")).click();
    wait(desktop).until(ExpectedConditions.textToBe(By.id("notice"), "Claim marked filed."));
    assertTrue(desktop.findElement(By.cssSelector("li.claim")).getText().contains("UPS-CLM-4471"));
    Chromium.screenshot(desktop, "console-order-claim");
    phone.get(desktop.getCurrentUrl());
    noSideways(phone);
    Chromium.screenshot(phone, "console-order-claim-phone");

    // "Delivered but not received": resolving the row resolves its case.
    desktop.get(BASE + "/console/" + store.slug());
    row = open(desktop, delivered);
    row.findElement(By.cssSelector("button.resolve")).click();
    wait(desktop).until(ExpectedConditions.textToBe(By.id("notice"), "The case is resolved."));
    assertFalse(desktop.findElement(By.id("watchlist")).getText().contains(reference));

    // The problem parcel, marked resolved, stays off the list until its status changes.
    row = open(desktop, problem);
    row.findElement(By.cssSelector("button.resolve")).click();
    wait(desktop)
        .until(
            ExpectedConditions.textToBe(
                By.id("notice"), "Marked resolved until the parcel's status changes."));
    assertTrue(desktop.findElements(By.cssSelector("tr[data-order='" + problem + "']")).isEmpty());
    Chromium.screenshot(desktop, "console-watchlist");
    desktop.get(BASE + "/console/" + store.slug() + "/orders/" + problem);
    String story = desktop.findElement(By.tagName("main")).getText();
    assertTrue(story.contains("Called the depot"), story);
    assertTrue(story.contains("Marked resolved on the watchlist"), story);
    assertTrue(problemParcel != null);
  }

  private static WebElement row(WebDriver d, String order) {
    return d.findElement(By.cssSelector("tr[data-order='" + order + "']"));
  }

  /** The row's actions, unfolded. */
  private static WebElement open(WebDriver d, String order) {
    WebElement row = row(d, order);
    row.findElement(By.tagName("summary")).click();
    return row;
  }

  private static void noSideways(WebDriver d) {
    Number scroll =
        (Number)
            ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return document.documentElement.scrollWidth");
    Number width =
        (Number)
            ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return window.innerWidth");
    assertTrue(
        scroll.intValue() <= width.intValue(), "no sideways scrolling: " + scroll + " > " + width);
  }

  private static void signIn(WebDriver d, TestStore store, String email) {
    d.manage().deleteAllCookies();
    d.get(BASE + "/console/login");
    d.findElement(By.id("email")).sendKeys(email);
    d.findElement(By.id("password")).sendKeys("correct horse battery");
    d.findElement(By.cssSelector("button[type=submit]")).click();
    wait(d).until(ExpectedConditions.urlContains("/console/" + store.slug()));
  }

  private String dnrCase(UUID storeId, String number, String shipment) {
    return cases
        .open(
            new NewCase(
                storeId,
                number,
                UUID.fromString(shipment),
                CaseType.DELIVERED_NOT_RECEIVED,
                "The tracking says delivered but nothing arrived.",
                ContactChannel.EMAIL,
                "ada@example.com",
                null,
                "en",
                "{}",
                UUID.randomUUID().toString()))
        .await()
        .indefinitely();
  }

  private static String parcel(TestStore store, String number, String status) {
    String shipment =
        TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    store
        .merchant()
        .body(Map.of("status", status, "description", "Carrier says " + status))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    return shipment;
  }

  private static WebDriverWait wait(WebDriver d) {
    return new WebDriverWait(d, Duration.ofSeconds(10));
  }
}
