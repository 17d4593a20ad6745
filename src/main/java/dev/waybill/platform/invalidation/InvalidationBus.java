package dev.waybill.platform.invalidation;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells every pod, over Redis pub/sub, to drop something from its in-memory caches, or that work is
 * waiting for it (stored carrier pushes).
 *
 * <p>Messages are {@code kind:value}. Delivery is best effort: in-memory caches also expire after a
 * short TTL, and waiting work is also picked up on a schedule, which bounds the delay when a
 * message is lost (for example while Redis is down).
 */
@ApplicationScoped
public class InvalidationBus {

  static final String CHANNEL = "waybill:invalidate";

  private final ReactivePubSubCommands<String> pubsub;
  private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
  private volatile Cancellable subscription;

  public InvalidationBus(ReactiveRedisDataSource redis) {
    this.pubsub = redis.pubsub(String.class);
  }

  /** Registers a local handler for one kind of message. */
  public void on(String kind, Consumer<String> handler) {
    handlers.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(handler);
  }

  /**
   * Runs local handlers at once, then tells other pods. Never fails: a lost message only delays
   * invalidation on other pods until their TTL.
   */
  public Uni<Void> publish(String kind, String value) {
    dispatch(kind + ":" + value);
    return pubsub
        .publish(CHANNEL, kind + ":" + value)
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.debugf("Could not publish invalidation %s:%s: %s", kind, value, e.getMessage());
              return null;
            });
  }

  /** Like {@link #publish} for many values, in one message (values never contain a newline). */
  public Uni<Void> publishAll(String kind, List<String> values) {
    if (values.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return publish(kind, String.join("\n", values));
  }

  void start(@Observes StartupEvent event) {
    subscription =
        pubsub
            .subscribe(CHANNEL)
            .onFailure()
            .invoke(e -> Log.warnf("Invalidation subscription lost: %s; retrying", e.getMessage()))
            .onFailure()
            .retry()
            .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10))
            .indefinitely()
            .subscribe()
            .with(this::dispatch, e -> Log.error("Invalidation subscription ended", e));
  }

  void stop(@Observes ShutdownEvent event) {
    Cancellable s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  private void dispatch(String message) {
    int colon = message.indexOf(':');
    if (colon < 0) {
      return;
    }
    List<Consumer<String>> list = handlers.get(message.substring(0, colon));
    if (list != null) {
      for (String value : message.substring(colon + 1).split("\n")) {
        for (Consumer<String> h : list) {
          h.accept(value);
        }
      }
    }
  }
}
