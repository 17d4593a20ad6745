package dev.waybill.carriers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.spi.WebhookSource.WebhookRejected;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peak-season simulation (src/load, built only with -Pload) signs its simulated-carrier pushes
 * with {@code SimPushSigner}; the server verifies them with {@link SimWebhooks}. Its source is
 * compiled here so the two are checked against each other, and bench/load.sh must hand both the
 * same secret.
 */
class LoadSimulationSigningTest {

  private static final Path SIGNER_SOURCE =
      Path.of("src/load/java/dev/waybill/load/SimPushSigner.java");
  private static final String SECRET = "bench-sim-webhook-secret-0123456789abcdef";

  @TempDir static Path classes;
  private static Constructor<?> signerOf;
  private static Method signature;

  @BeforeAll
  static void compileTheSimulationsSigner() throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int exit =
        javac.run(
            null, null, null, "-d", classes.toString(), SIGNER_SOURCE.toAbsolutePath().toString());
    assertEquals(0, exit, "SimPushSigner compiles with the JDK alone");
    ClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> signer = loader.loadClass("dev.waybill.load.SimPushSigner");
    signerOf = signer.getConstructor(String.class);
    signature = signer.getMethod("signature", String.class, String.class, String.class);
  }

  private static String sign(String secret, String id, String timestamp, String body)
      throws Exception {
    return (String) signature.invoke(signerOf.newInstance(secret), id, timestamp, body);
  }

  private static SimConfig config(String secret) {
    return (SimConfig)
        Proxy.newProxyInstance(
            SimConfig.class.getClassLoader(),
            new Class<?>[] {SimConfig.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "webhookSecret" -> secret;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static Map<String, String> headers(String id, String timestamp, String signature) {
    return Map.of("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature);
  }

  @Test
  void aPushSignedByTheSimulationIsAcceptedByTheServer() throws Exception {
    // Scan locations are not all ASCII: the body is signed and sent as UTF-8.
    String body =
        "{\"type\":\"tracking.updated\",\"data\":{\"trackingNumber\":\"SIM-ONTIME-T1-1\","
            + "\"events\":[{\"code\":\"AR\",\"location\":\"Köln, DE\"}]}}";
    Instant now = Instant.now();
    String id = "msg_0b6f";
    String timestamp = Long.toString(now.getEpochSecond());

    String accepted =
        new SimWebhooks(config(SECRET))
            .verify(
                headers(id, timestamp, sign(SECRET, id, timestamp, body)),
                body.getBytes(StandardCharsets.UTF_8),
                now);

    assertEquals(id, accepted);
  }

  @Test
  void aPushSignedWithTheDefaultSecretIsRefusedByAServerWithItsOwn() throws Exception {
    String body = "{\"type\":\"tracking.updated\",\"data\":{}}";
    Instant now = Instant.now();
    String timestamp = Long.toString(now.getEpochSecond());
    String signed = sign(SimConfig.DEFAULT_WEBHOOK_SECRET, "msg_1", timestamp, body);

    WebhookRejected rejected =
        assertThrows(
            WebhookRejected.class,
            () ->
                new SimWebhooks(config(SECRET))
                    .verify(
                        headers("msg_1", timestamp, signed),
                        body.getBytes(StandardCharsets.UTF_8),
                        now));
    assertEquals("no valid signature", rejected.getMessage());
  }

  @Test
  void theLoadBenchGivesTheApplicationAndTheSimulationTheSameSecret() throws Exception {
    String script = Files.readString(Path.of("bench/load.sh"));

    String server = assigned(script, "WAYBILL_CARRIERS_SIM_WEBHOOK_SECRET");
    String simulation = assigned(script, "LOAD_SIM_WEBHOOK_SECRET");

    assertEquals(server, simulation, "the app verifies with what the simulation signs with");
    assertTrue(
        script.contains("export LOAD_BASE_URL") && script.indexOf("LOAD_SIM_WEBHOOK_SECRET=") > 0,
        "the simulation's secret is exported to Gatling");
  }

  private static String assigned(String script, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(script);
    assertTrue(m.find(), name + " is set in bench/load.sh");
    return m.group(1);
  }
}
