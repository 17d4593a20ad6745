package dev.waybill.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.waybill.platform.security.HostResolver;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A merchant's host name that answers one address when Waybill checks it and another when it
 * connects (DNS rebinding): the delivery goes to the address that was checked.
 */
@QuarkusTest
class WebhookRebindingTest {

  @Inject Dispatcher dispatcher;

  /** Where the name pointed when it was checked. */
  private WireMockServer checked;

  /** Where the name points on every later answer, as an attacker's DNS server would have it. */
  private WireMockServer rebound;

  private final AtomicInteger lookups = new AtomicInteger();

  @BeforeEach
  void start() {
    // What earlier tests left due goes out first, under the real resolver.
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));
    checked = new WireMockServer(options().bindAddress("127.0.0.2").dynamicPort());
    checked.start();
    rebound = new WireMockServer(options().bindAddress("127.0.0.1").port(checked.port()));
    rebound.start();
    for (WireMockServer s : List.of(checked, rebound)) {
      s.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    }
    QuarkusMock.installMockForType(
        new HostResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            String address = lookups.getAndIncrement() == 0 ? "127.0.0.2" : "127.0.0.1";
            return new InetAddress[] {InetAddress.getByName(address)};
          }
        },
        HostResolver.class);
  }

  @AfterEach
  void stop() {
    checked.stop();
    rebound.stop();
  }

  @Test
  void theDeliveryConnectsToTheAddressThatWasCheckedNotToASecondAnswer() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(
            Map.of(
                "url",
                "http://localhost:" + checked.port() + "/hook",
                "eventTypes",
                List.of("order.created")))
        .post("/api/v1/webhooks/endpoints")
        .then()
        .statusCode(201);
    NotificationPeers.order(store, NotificationPeers.uniqueEmail(), null, "en", null, false);

    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));

    assertEquals(1, lookups.get(), "the name is resolved once per delivery");
    assertEquals(1, checked.findAll(postRequestedFor(urlPathEqualTo("/hook"))).size());
    assertEquals(0, rebound.findAll(postRequestedFor(urlPathEqualTo("/hook"))).size());
    // The request still names the host, as the URL does.
    assertEquals(
        "localhost:" + checked.port(),
        checked.findAll(postRequestedFor(urlPathEqualTo("/hook"))).get(0).getHeader("Host"));
  }
}
