package dev.waybill.testing;

import dev.waybill.platform.config.EmbeddedServices;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In tests the reactive pool reaches the embedded Postgres through a {@link TcpProxy}, so a test
 * can cut every connection to simulate an outage without losing the database. Flyway keeps its
 * direct JDBC connection. Ranks just above the embedded services' source; a configured datasource
 * wins, and then no proxy is started.
 */
public class PostgresProxyConfigSource implements ConfigSource {

  /** The proxy's name for {@link TcpProxy#named(String)}. */
  public static final String PROXY = "postgres";

  private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";

  @Override
  public Set<String> getPropertyNames() {
    return Set.of();
  }

  @Override
  public Map<String, String> getProperties() {
    return Map.of();
  }

  @Override
  public int getOrdinal() {
    return 60;
  }

  @Override
  public String getName() {
    return "waybill-test-postgres-proxy";
  }

  @Override
  public String getValue(String name) {
    if (!REACTIVE_URL.equals(name)
        || notBlank(System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL"))
        || notBlank(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"))
        || notBlank(System.getProperty(REACTIVE_URL))
        || "false".equalsIgnoreCase(System.getenv("WAYBILL_EMBEDDED_SERVICES"))) {
      return null;
    }
    // The target is read at each connection: the application's class loader starts Postgres (for
    // Flyway's JDBC URL) before the pool connects, and publishes its port.
    int port =
        TcpProxy.start(
            PROXY, () -> Integer.getInteger(EmbeddedServices.POSTGRES_PORT_PROPERTY, -1));
    return "postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
