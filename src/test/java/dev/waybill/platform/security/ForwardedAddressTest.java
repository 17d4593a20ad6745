package dev.waybill.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With the proxy settings the Kubernetes manifests ship, a client that reaches a pod directly
 * cannot choose the address it is limited by with a forged X-Forwarded-For.
 */
@QuarkusTest
@TestProfile(ForwardedAddressTest.ShippedProxySettings.class)
class ForwardedAddressTest {

  /** Every QUARKUS_HTTP_PROXY_* setting of k8s/base/configmap.yaml, and three requests a minute. */
  public static class ShippedProxySettings implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(proxySettings());
      config.put("waybill.rate-limit.per-ip", "3");
      config.put("waybill.rate-limit.window", "60s");
      return config;
    }
  }

  static Map<String, String> proxySettings() {
    try {
      Map<String, String> settings = new HashMap<>();
      Matcher m =
          Pattern.compile("(?m)^\\s+QUARKUS_HTTP_PROXY_([A-Z_]+):\\s*\"?([^\"\\n]*)\"?\\s*$")
              .matcher(Files.readString(Path.of("k8s/base/configmap.yaml")));
      while (m.find()) {
        settings.put(
            "quarkus.http.proxy." + m.group(1).toLowerCase(Locale.ROOT).replace('_', '-'),
            m.group(2).trim());
      }
      return settings;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theManifestsReadForwardedAddresses() {
    assertEquals("true", proxySettings().get("quarkus.http.proxy.proxy-address-forwarding"));
  }

  @Test
  void aForgedForwardedForFromAnUntrustedPeerDoesNotChangeTheAddressLimited() {
    String peer = RawHttp.randomLoopback();
    for (int i = 0; i < 3; i++) {
      RawHttp.Response ok =
          RawHttp.get(peer, "/api/v1/ping", "X-Forwarded-For: 203.0.113." + (10 + i));
      assertEquals(200, ok.status());
      assertEquals("\"ip\";r=" + (2 - i), ok.header("RateLimit").split(";t=")[0]);
    }

    RawHttp.Response refused = RawHttp.get(peer, "/api/v1/ping", "X-Forwarded-For: 198.51.100.99");
    assertEquals(429, refused.status());
  }
}
