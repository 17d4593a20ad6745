package dev.waybill.platform.deploy;

import dev.waybill.platform.config.EmbeddedServices;
import dev.waybill.testing.Management;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Postgres and Redis for tests of the packaged application (jar or native executable), which has no
 * embedded servers of its own: they run in the test JVM and the application is pointed at them, the
 * way a deployment points it at its own.
 */
public class PackagedAppServices implements QuarkusTestResourceLifecycleManager {

  public static final String ADMIN_TOKEN = "test-admin-token";

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
    config.put("waybill.tracking.token-secret", "packaged-test-tracking-token-secret");
    config.put(
        "quarkus.http.auth.session.encryption-key", "packaged-test-console-session-key-000000");
    // No real carrier or mail server is reachable from a test.
    config.put("waybill.poller.enabled", "false");
    config.put("quarkus.mailer.mock", "true");
    config.put("waybill.notifications.enabled", "false");
    return config;
  }
}
