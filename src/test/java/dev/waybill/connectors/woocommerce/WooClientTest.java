package dev.waybill.connectors.woocommerce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.waybill.connectors.woocommerce.WooClient.Page;
import dev.waybill.connectors.woocommerce.WooClient.Site;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WooClientTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String ORDERS = "/wp-json/wc/v3/orders";
  private static final OffsetDateTime SINCE =
      OffsetDateTime.of(2017, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private static WireMockServer woo;
  private static Vertx vertx;
  private static WooClient client;
  private Site site;

  @BeforeAll
  static void start() {
    woo = new WireMockServer(options().dynamicPort());
    woo.start();
    vertx = Vertx.vertx();
    client = new WooClient(vertx, WooFixtures.Config.defaults());
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.closeAndAwait();
    woo.stop();
  }

  @BeforeEach
  void reset() {
    woo.resetAll();
    site = new Site(woo.baseUrl(), "ck_test", "cs_test");
  }

  @Test
  void listsOrdersModifiedSinceWithBasicAuthAndReadsTheTotalPages() {
    woo.stubFor(
        get(urlPathEqualTo(ORDERS))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-WP-Total", "150")
                    .withHeader("X-WP-TotalPages", "2")
                    .withBody("[" + WooFixtures.order() + "]")));

    Page page = client.orders(site, SINCE, 1).await().atMost(WAIT);

    assertEquals(1, page.items().size());
    assertEquals(727, page.items().get(0).path("id").asLong());
    assertEquals(2, page.totalPages());
    assertFalse(page.last());
    woo.verify(
        getRequestedFor(urlPathEqualTo(ORDERS))
            .withBasicAuth(
                new com.github.tomakehurst.wiremock.client.BasicCredentials("ck_test", "cs_test"))
            .withQueryParam("modified_after", equalTo("2017-03-01T00:00:00"))
            .withQueryParam("dates_are_gmt", equalTo("true"))
            .withQueryParam("per_page", equalTo("100"))
            .withQueryParam("page", equalTo("1"))
            .withQueryParam("orderby", equalTo("modified"))
            .withQueryParam("order", equalTo("asc")));
  }

  @Test
  void anEmptyPageIsTheLast() {
    woo.stubFor(
        get(urlPathEqualTo(ORDERS))
            .willReturn(
                aResponse().withStatus(200).withHeader("X-WP-TotalPages", "0").withBody("[]")));

    assertTrue(client.orders(site, SINCE, 1).await().atMost(WAIT).last());
  }

  @Test
  void refusedKeysRateLimitsAndServerErrorsAreTold() {
    woo.stubFor(
        get(urlPathEqualTo(ORDERS))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"code\":\"woocommerce_rest_cannot_view\",\"message\":\"Sorry, you cannot"
                            + " list resources.\",\"data\":{\"status\":401}}")));
    assertEquals(WooException.Kind.AUTH, failure().kind());

    woo.stubFor(
        get(urlPathEqualTo(ORDERS))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
    WooException limited = failure();
    assertEquals(WooException.Kind.RATE_LIMITED, limited.kind());
    assertEquals(Duration.ofSeconds(30), limited.retryAfter());

    woo.stubFor(get(urlPathEqualTo(ORDERS)).willReturn(aResponse().withStatus(503)));
    assertEquals(WooException.Kind.UNAVAILABLE, failure().kind());

    woo.stubFor(
        get(urlPathEqualTo(ORDERS))
            .willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));
    assertEquals(WooException.Kind.MALFORMED, failure().kind());
  }

  @Test
  void aSiteThatDoesNotAnswerInTimeIsUnavailable() {
    woo.stubFor(
        get(urlPathEqualTo(ORDERS))
            .willReturn(aResponse().withStatus(200).withBody("[]").withFixedDelay(3_000)));

    assertEquals(WooException.Kind.UNAVAILABLE, failure().kind());
  }

  private WooException failure() {
    return assertThrows(
        WooException.class, () -> client.orders(site, SINCE, 1).await().atMost(WAIT));
  }
}
