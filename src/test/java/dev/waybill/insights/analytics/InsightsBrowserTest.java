package dev.waybill.insights.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.Chromium;
import dev.waybill.testing.Chromium.Viewport;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The console's analytics page in headless Chromium, over ten weeks of generated history. */
@QuarkusTest
class InsightsBrowserTest {

  private static WebDriver driver;

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @Inject Pool pool;
  @Inject RollupJob job;

  /** Ten weeks of 1,500 orders over three carriers, two countries, with exceptions and cases. */
  private static final String HISTORY =
      """
      WITH g AS (
        SELECT n, gen_random_uuid() AS order_id, gen_random_uuid() AS shipment_id,
               (ARRAY['ups','fedex','usps'])[1 + n % 3] AS carrier,
               (ARRAY['Ground','Express'])[1 + (n / 3) % 2] AS service,
               CASE WHEN n % 5 = 0 THEN 'CA' ELSE 'US' END AS country,
               (ARRAY['NY','TX','CA','ON'])[1 + (n / 6) % 4] AS region,
               now() - make_interval(days => 3 + n % 70, hours => n % 24) AS placed,
               1 + (n * 7919 % 48) AS proc_hours,
               1.2 + (n % 3) * 0.6 + ((n * 31) % 10) / 4.0 + CASE WHEN n % 23 = 0 THEN 5 ELSE 0 END
                 + ((n * 13) % 7) / 7.0 * (n % 3) AS transit_days
        FROM generate_series(1, 1500) AS n
      ), o AS (
        INSERT INTO orders (id, store_id, order_number, customer_name, customer_email, items,
                            ship_region, ship_postal_code, ship_country, status, placed_at)
        SELECT order_id, $1, 'G-' || n, 'Shopper', 'g' || n || '@example.com', '[]', region,
               '10001', country, 'SHIPPED', placed FROM g RETURNING id
      ), s AS (
        INSERT INTO shipments (id, order_id, store_id, carrier_code, tracking_number,
                               service_level, status, promised_delivery, shipped_at,
                               delivered_at, updated_at)
        SELECT shipment_id, order_id, $1, carrier, 'GT' || n, service,
               CASE WHEN n % 97 = 0 THEN 'EXPIRED' ELSE 'DELIVERED' END,
               (placed + make_interval(hours => proc_hours) + interval '4 days')::date,
               placed + make_interval(hours => proc_hours),
               CASE WHEN n % 97 <> 0 THEN placed + make_interval(hours => proc_hours)
                    + make_interval(secs => 86400 * transit_days) END, now()
        FROM g WHERE (SELECT count(*) FROM o) > 0 RETURNING id
      ), e AS (
        INSERT INTO tracking_events (id, shipment_id, occurred_at, status, exception_reason,
                                     source, dedupe_key)
        SELECT gen_random_uuid(), shipment_id, placed + interval '1 day', 'EXCEPTION',
               (ARRAY['CARRIER_CAPACITY_DELAY','CONSIGNEE_NOT_HOME','CUSTOMS_HELD',
                      'FORCE_MAJEURE_WEATHER','RETAILER_DELAY','CARRIER_DAMAGED'])[1 + (n / 7) % 6],
               'MERCHANT', 'g' || n
        FROM g WHERE n % 7 = 0 AND (SELECT count(*) FROM s) > 0 RETURNING id
      )
      INSERT INTO support_cases (id, store_id, reference, order_id, type, status, message,
                                 contact_channel, context, source, created_at)
      SELECT gen_random_uuid(), $1, 'WB-G' || n, order_id,
             (ARRAY['NOT_RECEIVED','DELAYED','DELIVERED_NOT_RECEIVED'])[1 + n % 3], 'OPEN',
             'Where is it?', 'EMAIL', '{}', 'API', placed + interval '5 days'
      FROM g WHERE n % (11 + (n % 70) / 10) = 0 AND (SELECT count(*) FROM e) > 0
      """;

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
  void agentReadsChartsAndTablesAndNarrowsThemByCarrier() {
    TestStore store = TestStores.create();
    UUID storeId = InsightsApiTest.storeId(store);
    pool.preparedQuery(HISTORY).execute(Tuple.of(storeId)).await().indefinitely();
    job.runOnce().await().indefinitely();
    String email = signIn(store);
    String base = "http://localhost:" + port;

    driver.get(base + "/console/" + store.slug());
    driver.findElement(By.linkText("Insights")).click();
    wait(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("kpis")));
    assertTrue(driver.findElement(By.tagName("header")).getText().contains(email));
    Chromium.screenshot(driver, "insights-desktop");
    assertTrue(
        driver
            .findElement(By.linkText("by lane"))
            .getAttribute("href")
            .contains("/insights/export.csv?from="));
    String kpis = driver.findElement(By.id("kpis")).getText();
    assertTrue(kpis.contains("1,500"), kpis);

    for (String chart :
        List.of(
            "chart-on-time", "chart-transit", "chart-exceptions", "chart-wismo", "chart-slowest")) {
      WebElement svg = driver.findElement(By.id(chart));
      assertEquals("img", svg.getAttribute("role"));
      String title = driver.findElement(By.id(chart + "-title")).getAttribute("textContent");
      assertTrue(!title.isBlank(), chart);
      assertTrue(svg.getRect().getWidth() > 400, chart + " is legible on a laptop");
    }
    assertEquals(3, driver.findElements(By.cssSelector("#chart-on-time polyline")).size());
    assertTrue(driver.findElements(By.cssSelector("#chart-transit rect")).size() >= 8 * 2);

    driver.findElement(By.cssSelector("#exceptions summary")).click();
    String numbers = driver.findElement(By.cssSelector("#exceptions table")).getText();
    assertTrue(numbers.contains("Carrier"), numbers);
    assertTrue(numbers.contains("Customs"), numbers);

    driver.findElement(By.id("carrier")).sendKeys("ups");
    driver.findElement(By.cssSelector("#filters button")).click();
    wait(driver).until(ExpectedConditions.urlContains("carrier=ups"));
    assertEquals(1, driver.findElements(By.cssSelector("#chart-on-time polyline")).size());
    assertTrue(driver.findElement(By.id("kpis")).getText().contains("500"));
    Chromium.screenshot(driver, "insights-ups");

    driver.get(base + "/console/" + store.slug() + "/insights?from=yesterday");
    assertTrue(
        driver.findElement(By.id("filter-error")).getText().contains("from"),
        "the invalid filter is named");
  }

  @Test
  void storesOfOtherAgentsAreNotFound() {
    TestStore mine = TestStores.create();
    TestStore other = TestStores.create();
    signIn(mine);
    driver.get("http://localhost:" + port + "/console/" + other.slug() + "/insights");
    assertTrue(driver.findElement(By.tagName("main")).getText().contains("No such store"));
  }

  private String signIn(TestStore store) {
    String email = "analyst-" + UUID.randomUUID() + "@example.com";
    TestAgents.add(store.slug(), email, "Robin", "correct horse battery", null);
    driver.manage().deleteAllCookies();
    driver.get("http://localhost:" + port + "/console/login");
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys("correct horse battery");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait(driver).until(ExpectedConditions.urlContains("/console/" + store.slug()));
    return email;
  }

  private static WebDriverWait wait(WebDriver driver) {
    return new WebDriverWait(driver, Duration.ofSeconds(10));
  }
}
