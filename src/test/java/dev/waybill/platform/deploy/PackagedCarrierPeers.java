package dev.waybill.platform.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real carriers, as a production worker meets them: UPS's Tracking API played by WireMock with the
 * payloads its documentation shows (polled over HTTPS-shaped OAuth and tracking calls), and
 * EasyPost pushing signed tracker updates to the application's webhook endpoint.
 */
public class PackagedCarrierPeers implements QuarkusTestResourceLifecycleManager {

  static final String UPS_DELIVERED = "1Z999AA10123456784";
  static final String EASYPOST_SECRET = "packaged-easypost-secret-Wm4Tq8Zr2Lx6Nc9V";

  static WireMockServer ups;

  @Override
  public Map<String, String> start() {
    ups = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    ups.start();
    ups.stubFor(
        post(urlPathEqualTo("/security/v1/oauth/token"))
            .willReturn(okJson(fixture("ups/token.json"))));
    ups.stubFor(
        get(urlPathEqualTo("/api/track/v1/details/" + UPS_DELIVERED))
            .willReturn(okJson(fixture("ups/delivered.json"))));
    ups.stubFor(
        get(urlPathMatching("/api/track/v1/details/.*"))
            .atPriority(10)
            .willReturn(aResponse().withStatus(404).withBody(fixture("ups/not-found-404.json"))));

    Map<String, String> config = new HashMap<>(PackagedAppServices.config());
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
    config.put("waybill.carriers.ups.base-url", ups.baseUrl());
    config.put("waybill.carriers.ups.client-id", "packaged-ups-client");
    config.put("waybill.carriers.ups.client-secret", "packaged-ups-secret");
    config.put("waybill.webhooks.easypost.secret", EASYPOST_SECRET);
    return config;
  }

  @Override
  public void stop() {
    if (ups != null) {
      ups.stop();
    }
  }

  static String fixture(String name) {
    try (InputStream in = PackagedCarrierPeers.class.getResourceAsStream("/carriers/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
