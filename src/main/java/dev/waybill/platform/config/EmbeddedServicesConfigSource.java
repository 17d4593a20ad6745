package dev.waybill.platform.config;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies connection settings for embedded Postgres and Redis when nothing else does.
 *
 * <p>Its ordinal is below {@code application.properties} and the environment, so any configured
 * {@code QUARKUS_DATASOURCE_*} or {@code QUARKUS_REDIS_HOSTS} wins and nothing is started. It lists
 * no property names on purpose: otherwise the build step would start the servers and bake their
 * ports into the application.
 *
 * <p>{@link EmbeddedServices} is reached only by reflection, under a name computed at run time, and
 * only when the embedded servers' libraries are on the class path: the production build removes
 * them, and a native image must not link against classes it does not carry.
 */
public class EmbeddedServicesConfigSource implements ConfigSource {

  private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
  private static final String JDBC_URL = "quarkus.datasource.jdbc.url";
  private static final String REDIS_HOSTS = "quarkus.redis.hosts";
  private static final Class<?> SERVERS = embeddedServers();

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
    return 50;
  }

  @Override
  public String getName() {
    return "waybill-embedded-services";
  }

  @Override
  public String getValue(String name) {
    if (SERVERS == null || disabled()) {
      return null;
    }
    switch (name) {
      case REACTIVE_URL:
        if (datasourceConfiguredExternally()) {
          return null;
        }
        return "postgresql://127.0.0.1:" + port("postgresPort") + "/postgres?user=postgres";
      case JDBC_URL:
        if (datasourceConfiguredExternally()) {
          return null;
        }
        return "jdbc:postgresql://127.0.0.1:" + port("postgresPort") + "/postgres?user=postgres";
      case REDIS_HOSTS:
        // Asked even when the environment sets it, because of named-client lookups.
        if (envSet("QUARKUS_REDIS_HOSTS") || notBlank(System.getProperty(REDIS_HOSTS))) {
          return null;
        }
        return "redis://127.0.0.1:" + port("redisPort");
      default:
        return null;
    }
  }

  private static boolean datasourceConfiguredExternally() {
    return envSet("QUARKUS_DATASOURCE_REACTIVE_URL")
        || envSet("QUARKUS_DATASOURCE_JDBC_URL")
        || notBlank(System.getProperty(REACTIVE_URL));
  }

  private static boolean disabled() {
    return "false".equalsIgnoreCase(System.getenv("WAYBILL_EMBEDDED_SERVICES"))
        || "false".equalsIgnoreCase(System.getProperty("waybill.embedded-services"));
  }

  private static boolean envSet(String name) {
    return notBlank(System.getenv(name));
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  private static int port(String method) {
    try {
      return (int) SERVERS.getMethod(method).invoke(null);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException("embedded servers failed to start", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("embedded servers are not usable", e);
    }
  }

  private static Class<?> embeddedServers() {
    ClassLoader loader = EmbeddedServicesConfigSource.class.getClassLoader();
    try {
      Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, loader);
      Class.forName("redis.embedded.RedisServer", false, loader);
      return Class.forName(
          EmbeddedServicesConfigSource.class.getPackageName() + ".EmbeddedServices", true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
