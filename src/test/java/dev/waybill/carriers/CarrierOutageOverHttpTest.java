package dev.waybill.carriers;

import static dev.waybill.carriers.fedex.FedexTestSupport.deliveredAnswer;
import static dev.waybill.carriers.fedex.FedexTestSupport.stubSlowTrack;
import static dev.waybill.carriers.fedex.FedexTestSupport.stubToken;
import static dev.waybill.carriers.fedex.FedexTestSupport.stubTrack;
import static dev.waybill.carriers.fedex.FedexTestSupport.trackCalls;
import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.waybill.carriers.fedex.FedexAdapter;
import dev.waybill.carriers.fedex.FedexConfig;
import dev.waybill.testing.MutableClock;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outage guarantees of {@link CarrierOutageTest}, with the fault made where it happens in
 * production: the FedEx adapter talks HTTP to a WireMock server that is stopped or made slow, while
 * the simulated carrier is served over HTTP by the application itself.
 */
@QuarkusTest
@TestProfile(CarrierOutageOverHttpTest.FedexOverHttp.class)
class CarrierOutageOverHttpTest {

  /** Short enough that a slow FedEx costs the test seconds, not minutes. */
  static final Duration FEDEX_TIMEOUT = Duration.ofSeconds(1);

  /** Failed calls that open a circuit: fewer than the batches each test makes. */
  static final int BREAKER_FAILURES = 2;

  /** The most shipments one order may be created with. */
  static final int SHIPMENTS_PER_ORDER = 20;

  /** The default test profile plus FedEx, configured as an operator would, on a local port. */
  public static class FedexOverHttp implements QuarkusTestProfile {

    // One port for the life of the application, so a restarted server is found where it was.
    private static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "waybill.carriers.fedex.base-url",
          "http://127.0.0.1:" + PORT,
          "waybill.carriers.fedex.client-id",
          "l7xx-test-client",
          "waybill.carriers.fedex.client-secret",
          "test-secret",
          "waybill.carriers.fedex.timeout",
          FEDEX_TIMEOUT.toMillis() + "ms",
          // FedEx's default of one call a second would make each test wait on the rate limit.
          "waybill.carriers.fedex.requests-per-second",
          "100",
          "waybill.poller.breaker-failures",
          String.valueOf(BREAKER_FAILURES));
    }

    /** Outside the ephemeral range, so no outgoing connection takes it while FedEx is down. */
    private static int freePort() {
      for (int i = 0; i < 200; i++) {
        int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
        try (ServerSocket socket = new ServerSocket(port)) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
      throw new IllegalStateException("no free port for the FedEx test server");
    }
  }

  @Inject Poller poller;
  @Inject CarrierRegistry registry;
  @Inject FedexConfig fedexConfig;
  @Inject PollerConfig pollerConfig;
  @Inject Pool pool;
  @Inject MutableClock clock;

  private WireMockServer fedex;
  private final List<UUID> fedexShipments = new ArrayList<>();

  @BeforeEach
  void fedexIsUp() {
    fedex = startFedex();
  }

  @AfterEach
  void fedexAnswersAgainAndItsShipmentsRest() {
    if (!fedex.isRunning()) {
      fedex = startFedex();
    }
    fedex.resetAll();
    stubToken(fedex);
    stubTrack(fedex, 200, deliveredAnswer(List.of()));
    // A circuit left open would fail the next test's first cycles; a successful trial closes it.
    clock.advance(pollerConfig.breakerOpen());
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              poller.cycle().await().atMost(Duration.ofSeconds(30));
              return "CLOSED".equals(registry.circuits().get(FedexAdapter.CODE));
            });
    // Delivered shipments are due once more for confirmation; the next test counts only its own.
    pool.preparedQuery("UPDATE shipments SET next_poll_at = NULL WHERE id = ANY($1)")
        .execute(Tuple.of(fedexShipments.toArray(new UUID[0])))
        .await()
        .atMost(Duration.ofSeconds(5));
    fedex.stop();
  }

  @Test
  void
      fedexDownOpensItsCircuitWhileTheSimulatedCarrierIsPolledAndItsShipmentsArePolledAfterItReturns() {
    TestStore store = TestStores.create();
    String number = Shipments.newOrder(store);
    // More batches than the failures that open the circuit, and than can be in flight when it does.
    List<String> numbers = fedexNumbers(4 * FedexAdapter.BATCH_SIZE);
    fedexShipments.addAll(fedexOrders(store, numbers));
    UUID sim = Shipments.add(store, number, "waybill-sim", "SIM-ONTIME-T1700000000-" + number);
    stubToken(fedex);
    stubTrack(fedex, 200, deliveredAnswer(numbers));

    fedex.stop();
    long down = System.nanoTime();
    poller.cycle().await().atMost(Duration.ofSeconds(30));
    long cycleMillis = (System.nanoTime() - down) / 1_000_000;

    assertEquals("OPEN", registry.circuits().get(FedexAdapter.CODE));
    assertFalse(registry.pollable().contains(FedexAdapter.CODE));
    assertEquals("DELIVERED", Shipments.status(pool, sim), "the simulated carrier's poll went on");
    long counted =
        fedexShipments.stream().filter(id -> Shipments.pollFailures(pool, id) >= 1).count();
    assertTrue(
        counted >= (long) BREAKER_FAILURES * FedexAdapter.BATCH_SIZE,
        "the failed polls are counted and rescheduled: " + counted);
    assertTrue(
        fedexShipments.stream().anyMatch(id -> Shipments.pollFailures(pool, id) == 0),
        "batches left when the circuit opened wait for FedEx without a call");
    assertTrue(
        fedexShipments.stream().noneMatch(id -> "DELIVERED".equals(Shipments.status(pool, id))));

    // FedEx comes back where it was: the shipments are polled again without anyone asking.
    fedex = startFedex();
    stubToken(fedex);
    stubTrack(fedex, 200, deliveredAnswer(numbers));
    clock.advance(pollerConfig.breakerOpen());
    long back = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              poller.cycle().await().atMost(Duration.ofSeconds(30));
              return fedexShipments.stream()
                  .allMatch(id -> "DELIVERED".equals(Shipments.status(pool, id)));
            });
    assertEquals("CLOSED", registry.circuits().get(FedexAdapter.CODE));
    System.out.printf(
        "FedEx down over HTTP: circuit open after a %d ms cycle that polled the simulated"
            + " carrier; %d FedEx shipments delivered %d ms after FedEx came back%n",
        cycleMillis, fedexShipments.size(), (System.nanoTime() - back) / 1_000_000);
  }

  @Test
  void slowFedexTimesOutOpensItsCircuitAndHoldsUpNoOne() {
    TestStore store = TestStores.create();
    String number = Shipments.newOrder(store);
    List<String> numbers = fedexNumbers(4 * FedexAdapter.BATCH_SIZE);
    fedexShipments.addAll(fedexOrders(store, numbers));
    UUID sim = Shipments.add(store, number, "waybill-sim", "SIM-ONTIME-T1700000000-" + number);
    Duration delay = fedexConfig.timeout().multipliedBy(3);
    stubToken(fedex);
    stubSlowTrack(fedex, deliveredAnswer(numbers), delay);

    long start = System.nanoTime();
    var cycle = poller.cycle().subscribeAsCompletionStage();
    Awaitility.await()
        // Well before FedEx's first batch has used up its attempts.
        .atMost(fedexConfig.timeout().multipliedBy(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "DELIVERED".equals(Shipments.status(pool, sim)));
    long simMillis = (System.nanoTime() - start) / 1_000_000;
    assertFalse(cycle.toCompletableFuture().isDone(), "FedEx is still keeping the poller waiting");

    cycle.toCompletableFuture().join();
    long cycleMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("OPEN", registry.circuits().get(FedexAdapter.CODE));
    assertFalse(registry.pollable().contains(FedexAdapter.CODE));
    assertTrue(
        fedexShipments.stream().noneMatch(id -> "DELIVERED".equals(Shipments.status(pool, id))));
    assertTrue(
        fedexShipments.stream().anyMatch(id -> Shipments.pollFailures(pool, id) >= 1),
        "a timed-out poll is counted as a failure");
    int batches = numbers.size() / FedexAdapter.BATCH_SIZE;
    assertTrue(
        trackCalls(fedex) < batches * pollerConfig.attempts(),
        "batches left when the circuit opened are not sent to time out in turn");
    System.out.printf(
        "FedEx slow over HTTP (%d ms, timeout %d ms): simulated carrier polled in %d ms; cycle"
            + " done in %d ms after %d tracking calls%n",
        delay.toMillis(),
        fedexConfig.timeout().toMillis(),
        simMillis,
        cycleMillis,
        trackCalls(fedex));
  }

  private WireMockServer startFedex() {
    int port = URI.create(fedexConfig.baseUrl()).getPort();
    WireMockServer server =
        new WireMockServer(WireMockConfiguration.options().port(port).bindAddress("127.0.0.1"));
    server.start();
    return server;
  }

  /** Valid FedEx Express numbers (12 digits with their check digit), new to every test. */
  private static List<String> fedexNumbers(int count) {
    List<String> numbers = new ArrayList<>(count);
    int[] weights = {1, 3, 7};
    while (numbers.size() < count) {
      StringBuilder n = new StringBuilder();
      n.append(1 + ThreadLocalRandom.current().nextInt(9));
      for (int i = 1; i < 11; i++) {
        n.append(ThreadLocalRandom.current().nextInt(10));
      }
      int sum = 0;
      for (int i = 10, k = 0; i >= 0; i--, k++) {
        sum += (n.charAt(i) - '0') * weights[k % 3];
      }
      n.append(sum % 11 % 10);
      String number = n.toString();
      if (TrackingNumberFormats.candidates(number).equals(List.of(FedexAdapter.CODE))
          && !numbers.contains(number)) {
        numbers.add(number);
      }
    }
    return numbers;
  }

  /** Orders carrying the numbers as FedEx shipments, as many to an order as the API takes. */
  private List<UUID> fedexOrders(TestStore store, List<String> numbers) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i += SHIPMENTS_PER_ORDER) {
      List<Map<String, String>> shipments =
          numbers.subList(i, Math.min(numbers.size(), i + SHIPMENTS_PER_ORDER)).stream()
              .map(n -> Map.of("carrier", FedexAdapter.CODE, "trackingNumber", n))
              .toList();
      Map<String, Object> body = new HashMap<>(order(orderNumber(), "outage@example.com", "10115"));
      body.put("shipments", shipments);
      List<String> created =
          store
              .merchant()
              .body(body)
              .post("/api/v1/orders")
              .then()
              .statusCode(201)
              .extract()
              .path("shipments.id");
      created.forEach(id -> ids.add(UUID.fromString(id)));
    }
    return ids;
  }
}
