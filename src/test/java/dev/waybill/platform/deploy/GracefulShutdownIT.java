package dev.waybill.platform.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A pod told to stop while it serves traffic: the packaged application is started as a process,
 * driven at a steady rate, and sent SIGTERM. During {@code quarkus.shutdown.delay} it must report
 * not ready (so the load balancer stops sending) yet keep answering; a request already in flight
 * must still get its answer after the delay; not one request may fail.
 */
class GracefulShutdownIT {

  private static final Duration DELAY = Duration.ofSeconds(5);
  private static final Duration IN_FLIGHT = Duration.ofSeconds(6);
  private static final int RATE_PER_SECOND = 100;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private record Outcome(long sentMillis, String what, int status, Throwable error) {}

  @Test
  void sigtermUnderLoadFailsNoRequest() throws Exception {
    int port = freePort();
    int managementPort = freePort();
    String base = "http://127.0.0.1:" + port;
    // Probes, as the kubelet's, go to the management port.
    String management = "http://127.0.0.1:" + managementPort;
    Path log = Path.of("target", "graceful-shutdown-it.log");
    Process app = start(port, managementPort, log);
    try {
      awaitReady(management, log);
      String token = trackingToken(base);

      ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      long[] sigtermAt = {Long.MAX_VALUE};
      int[] tick = {0};
      load.scheduleAtFixedRate(
          () -> {
            String path = tick[0]++ % 2 == 0 ? "/api/v1/tracking/" + token : "/api/v1/ping";
            pending.add(send(base, path, outcomes));
          },
          0,
          1000 / RATE_PER_SECOND,
          TimeUnit.MILLISECONDS);
      Thread.sleep(2000);

      // A slow call (the simulated carrier's configured latency) that is in flight at SIGTERM
      // and outlasts the delay.
      CompletableFuture<HttpResponse<String>> inFlight =
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "/sim/v1/track"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"trackingNumbers\":[\"SIM-ONTIME-T1764000000-1\"]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Thread.sleep(300);

      sigtermAt[0] = System.currentTimeMillis();
      app.destroy(); // SIGTERM
      // Readiness is probed until the slow request has its answer, which comes only after the
      // delay (and at least until the pod has said something other than ready); how many probes
      // fit in is the machine's business, what they say is the pod's.
      List<Integer> readiness = new ArrayList<>();
      long stopSendingAt = sigtermAt[0] + DELAY.toMillis() - 700;
      long probeUntil = sigtermAt[0] + 30_000;
      while (System.currentTimeMillis() < probeUntil
          && (!inFlight.isDone() || !(readiness.contains(503) || readiness.contains(-1)))) {
        if (System.currentTimeMillis() >= stopSendingAt && !load.isShutdown()) {
          // The listener closes when the delay ends: traffic stops a little before, as a load
          // balancer that saw the pod not ready would have stopped it.
          load.shutdown();
        }
        readiness.add(status(management + "/q/health/ready"));
        Thread.sleep(250);
      }
      if (!load.isShutdown()) {
        load.shutdown();
      }
      load.awaitTermination(5, TimeUnit.SECONDS);
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      HttpResponse<String> slow = inFlight.get(30, TimeUnit.SECONDS);
      assertEquals(200, slow.statusCode(), "the in-flight request got its answer");
      assertTrue(app.waitFor(30, TimeUnit.SECONDS), "the application stopped within its timeout");

      List<Outcome> failed =
          outcomes.stream().filter(o -> o.error() != null || o.status() != 200).toList();
      long afterSigterm = outcomes.stream().filter(o -> o.sentMillis() > sigtermAt[0]).count();
      assertEquals(List.of(), failed, "failed requests");
      assertTrue(outcomes.size() > 300, "requests sent: " + outcomes.size());
      assertTrue(afterSigterm > 100, "requests answered after SIGTERM: " + afterSigterm);
      // Not ready (503, yet still answering) from when the signal is handled while the request
      // in flight finishes, and never ready again; after the delay the listener may be gone (-1).
      int firstDown = readiness.indexOf(503);
      assertTrue(firstDown >= 0, "readiness went down during the delay: " + readiness);
      assertTrue(
          readiness.subList(firstDown, readiness.size()).stream().noneMatch(s -> s == 200),
          "readiness stays down once down: " + readiness);
      System.out.printf(
          "graceful shutdown: %d requests, %d sent after SIGTERM, 0 failed; readiness %s;"
              + " in-flight answered %d; exit code %d%n",
          outcomes.size(), afterSigterm, readiness, slow.statusCode(), app.exitValue());
    } finally {
      if (app.isAlive()) {
        app.destroyForcibly();
      }
    }
  }

  private CompletableFuture<?> send(String base, String path, ConcurrentLinkedQueue<Outcome> out) {
    long sent = System.currentTimeMillis();
    return http.sendAsync(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, error) -> {
              out.add(
                  new Outcome(sent, path, response == null ? -1 : response.statusCode(), error));
              return null;
            });
  }

  private static Process start(int port, int managementPort, Path log) throws IOException {
    // What the build produced, as @QuarkusIntegrationTest reads it: a jar, or under -Pnative the
    // native executable.
    Properties artifact = new Properties();
    try (var in = Files.newInputStream(Path.of("target", "quarkus-artifact.properties"))) {
      artifact.load(in);
    }
    boolean nativeBuild = "native".equals(artifact.getProperty("type"));
    List<String> command = new ArrayList<>();
    if (nativeBuild) {
      command.add(Path.of("target").resolve(artifact.getProperty("path")).toString());
    } else {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
    }
    Map<String, String> config =
        PackagedAppServices.withSimulatedCarrier(
            new java.util.HashMap<>(PackagedAppServices.config()));
    config.put("quarkus.http.port", String.valueOf(port));
    config.put("quarkus.management.port", String.valueOf(managementPort));
    config.put("quarkus.shutdown.delay", DELAY.toSeconds() + "s");
    config.put("quarkus.shutdown.timeout", "20s");
    config.put("waybill.carriers.sim.latency", IN_FLIGHT.toMillis() + "ms");
    config.forEach((k, v) -> command.add("-D" + k + "=" + v));
    if (!nativeBuild) {
      command.add("-jar");
      command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
    }
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private void awaitReady(String management, Path log) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      if (status(management + "/q/health/ready") == 200) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not ready in 90 s:\n" + Files.readString(log));
  }

  private String trackingToken(String base) throws Exception {
    String slug = "gs-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = "Bearer " + PackagedAppServices.ADMIN_TOKEN;
    post(base + "/api/v1/admin/stores", admin, "{\"slug\":\"" + slug + "\",\"name\":\"GS\"}");
    String key =
        field(
            post(
                base + "/api/v1/admin/stores/" + slug + "/keys",
                admin,
                "{\"scopes\":[\"orders:write\"]}"),
            "key");
    String order =
        post(
            base + "/api/v1/orders",
            "Bearer " + key,
            "{\"orderNumber\":\"GS-1\",\"customer\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"},"
                + "\"items\":[{\"name\":\"Boots\",\"quantity\":1}],"
                + "\"shippingAddress\":{\"postalCode\":\"10115\",\"country\":\"DE\"}}");
    return field(order, "trackingToken");
  }

  private String post(String url, String authorization, String json) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), url + ": " + response.body());
    return response.body();
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertTrue(m.find(), name + " in " + json);
    return m.group(1);
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
