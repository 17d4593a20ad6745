package dev.waybill.platform.deploy;

import dev.waybill.platform.config.EmbeddedServices;
import dev.waybill.testing.Management;
import dev.waybill.testing.TestStores;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Postgres and Redis for tests of the packaged application (jar or native executable), which has no
 * embedded servers of its own: they run in the test JVM and the application is pointed at them, the
 * way a deployment points it at its own.
 */
public class PackagedAppServices implements QuarkusTestResourceLifecycleManager {

  /** Random-looking and long enough for production's rules, as a deployment's would be. */
  public static final String ADMIN_TOKEN = "packaged-admin-token-Hq3xv9LcT2mWz7Rk5Yb8Nd4P";

  @Override
  public Map<String, String> start() {
    return config();
  }

  @Override
  public void stop() {
    // The servers stop with the test JVM; other packaged-application tests reuse them.
  }

  /** The settings a deployment would give in its environment, as configuration keys. */
  public static Map<String, String> config() {
    System.setProperty(TestStores.ADMIN_TOKEN_PROPERTY, ADMIN_TOKEN);
    int pg = EmbeddedServices.postgresPort();
    int redis = EmbeddedServices.redisPort();
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + pg + "/postgres");
    config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + pg + "/postgres");
    config.put("quarkus.datasource.username", "postgres");
    config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + redis);
    config.put("waybill.admin-token", ADMIN_TOKEN);
    // The packaged application runs in prod mode, where the management port would be 9000.
    config.put("quarkus.management.port", String.valueOf(Management.port()));
    config.put("waybill.tracking.token-secret", "packaged-tracking-secret-4f9Kx2LmQ8zR7wT1vB6n");
    config.put(
        "quarkus.http.auth.session.encryption-key", "packaged-test-console-session-key-000000");
    config.put("waybill.credentials.keys", "packaged:cGFja2FnZWQtY3JlZGVudGlhbHMta2V5LTdRMnhOOWs=");
    // No real carrier or mail server is reachable from a test.
    config.put("waybill.poller.enabled", "false");
    config.put("quarkus.mailer.mock", "true");
    config.put("waybill.notifications.enabled", "false");
    return config;
  }

  /**
   * Switches on the simulated carrier, which a production pod leaves off, with a webhook secret of
   * its own, as a load or demo install would.
   */
  public static Map<String, String> withSimulatedCarrier(Map<String, String> config) {
    config.put("waybill.carriers.sim.enabled", "true");
    config.put("waybill.carriers.sim.webhook-secret", "packaged-sim-webhook-8Jq2Vz5Lw9Tx3Cm6Rb1K");
    return config;
  }
}
