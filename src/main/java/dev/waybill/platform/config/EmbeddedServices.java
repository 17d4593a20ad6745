package dev.waybill.platform.config;

import io.quarkus.logging.Log;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import redis.embedded.RedisServer;

/**
 * Real Postgres and Redis servers started on demand, so that dev mode and the tests run on a
 * machine with nothing but a JDK. Never part of the production build: the libraries behind this
 * class are removed from it, and {@link EmbeddedServicesConfigSource} checks that first.
 */
public final class EmbeddedServices {

  /**
   * The running embedded Postgres's port, published for test proxies. Outside the {@code waybill}
   * config namespace: an application started later in the same JVM (another test profile) would
   * reject it as an unknown setting.
   */
  public static final String POSTGRES_PORT_PROPERTY = "dev.waybill.embedded.postgres-port";

  private static EmbeddedPostgres postgres;
  private static RedisServer redis;
  private static int redisPort;

  private EmbeddedServices() {}

  /** Starts (once) an embedded Postgres and returns its port. */
  public static synchronized int postgresPort() {
    if (postgres == null) {
      try {
        long start = System.nanoTime();
        postgres =
            EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .start();
        Log.infof(
            "Started embedded Postgres on port %d in %d ms (set QUARKUS_DATASOURCE_REACTIVE_URL"
                + " and QUARKUS_DATASOURCE_JDBC_URL to use your own)",
            postgres.getPort(), (System.nanoTime() - start) / 1_000_000);
        // Tests put a proxy in front of it to cut connections; the property is JVM-wide, so the
        // proxy finds the server whichever class loader started it.
        System.setProperty(POSTGRES_PORT_PROPERTY, Integer.toString(postgres.getPort()));
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedServices::stopPostgres));
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start embedded Postgres", e);
      }
    }
    return postgres.getPort();
  }

  /** Starts (once) an embedded Redis and returns its port. */
  public static synchronized int redisPort() {
    if (redis == null) {
      redisPort = freePort();
      startRedis();
      Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedServices::stopRedis));
    }
    return redisPort;
  }

  /** Whether this JVM started an embedded Redis (tests use it to simulate an outage). */
  public static synchronized boolean redisStarted() {
    return redis != null;
  }

  /** Stops the embedded Redis; {@link #restartRedis()} brings it back on the same port. */
  public static synchronized void stopRedis() {
    if (redis != null && redis.isActive()) {
      try {
        redis.stop();
      } catch (IOException e) {
        Log.warn("Could not stop embedded Redis", e);
      }
    }
  }

  /** Starts the embedded Redis again on its previous port, empty. */
  public static synchronized void restartRedis() {
    if (redis != null && !redis.isActive()) {
      startRedis();
    }
  }

  private static void startRedis() {
    try {
      redis =
          RedisServer.newRedisServer()
              .port(redisPort)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      redis.start();
      Log.infof(
          "Started embedded Redis on port %d (set QUARKUS_REDIS_HOSTS to use your own)", redisPort);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start embedded Redis", e);
    }
  }

  private static synchronized void stopPostgres() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        Log.warn("Could not stop embedded Postgres", e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
