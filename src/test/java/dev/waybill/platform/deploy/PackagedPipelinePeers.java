package dev.waybill.platform.deploy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/**
 * What a worker pod talks to, for the packaged application: a real SMTP server (GreenMail) and a
 * merchant's webhook receiver (WireMock), on free ports in the test JVM. The application polls the
 * simulated carrier it serves itself, with simulated time running fast, and delivers what it
 * learns.
 */
public class PackagedPipelinePeers implements QuarkusTestResourceLifecycleManager {

  static GreenMail mail;
  static WireMockServer receiver;

  @Override
  public Map<String, String> start() {
    mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    receiver.start();
    Map<String, String> config =
        PackagedAppServices.withSimulatedCarrier(
            new java.util.HashMap<>(PackagedAppServices.config()));
    String self = "http://localhost:" + System.getProperty("quarkus.http.test-port", "8281");
    config.put("waybill.poller.enabled", "true");
    config.put("waybill.poller.interval", "1s");
    for (String wait :
        List.of(
            "out-for-delivery",
            "in-transit",
            "pre-transit",
            "attention",
            "pickup",
            "delivered-confirmation",
            "not-found")) {
      config.put("waybill.poller.schedule." + wait, "1s");
    }
    config.put("waybill.carriers.sim.base-url", self + "/sim/v1");
    // Over five simulated hours a second: a parcel's whole journey plays in seconds.
    config.put("waybill.carriers.sim.time-scale", "20000");
    config.put("waybill.carriers.sim.latency", "0ms");
    config.put("waybill.notifications.enabled", "true");
    config.put("waybill.notifications.webhooks.allow-insecure-localhost", "true");
    config.put("waybill.notifications.webhooks.allow-private-targets", "true");
    config.put("quarkus.mailer.mock", "false");
    config.put("quarkus.mailer.host", "127.0.0.1");
    config.put("quarkus.mailer.port", String.valueOf(mail.getSmtp().getPort()));
    config.put("quarkus.mailer.start-tls", "DISABLED");
    config.put("quarkus.mailer.from", "Waybill <tracking@waybill.test>");
    return config;
  }

  @Override
  public void stop() {
    if (receiver != null) {
      receiver.stop();
    }
    if (mail != null) {
      mail.stop();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
