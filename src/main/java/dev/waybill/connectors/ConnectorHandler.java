package dev.waybill.connectors;

import dev.waybill.carriers.InboxHandler;
import dev.waybill.carriers.WebhookInbox.Entry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Applies a connector's stored webhooks: finds the connection the entry was stored for, hands it to
 * the connector, and keeps the connection's last event and last error up to date. A payload the
 * connector cannot read is counted and parked in the inbox, replayable from the admin API. Declare
 * a subclass {@code @Singleton}: the final {@link #handle} cannot be proxied.
 */
public abstract class ConnectorHandler implements InboxHandler {

  private final Connections connections;
  private final MeterRegistry metrics;
  private final Vertx vertx;

  protected ConnectorHandler(Connections connections, MeterRegistry metrics, Vertx vertx) {
    this.connections = connections;
    this.metrics = metrics;
    this.vertx = vertx;
  }

  /** The connector kind, which is also its inbox source. */
  @Override
  public abstract String source();

  /** How the connector describes itself to the admin views (the API and the console). */
  public abstract ConnectorAdmin.Kind kind();

  /**
   * Applies one webhook of {@code connection} (which may be uninstalled: privacy webhooks still
   * follow). Throw {@link InboxHandler.Unreadable} for a payload that cannot be read.
   */
  protected abstract Uni<Void> apply(Connection connection, String topic, String payload);

  /**
   * Each entry runs on a context of its own: the inbox applies several at once, and the ORM session
   * a connector's writes open must not be shared between them.
   */
  @Override
  public final Uni<Void> handle(Entry entry) {
    Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
    VertxContextSafetyToggle.setContextSafe(context, true);
    return Uni.createFrom()
        .emitter(
            emitter ->
                context.runOnContext(
                    x -> handleHere(entry).subscribe().with(emitter::complete, emitter::fail)));
  }

  private Uni<Void> handleHere(Entry entry) {
    // Read a few seconds ago at most: a change on any pod drops it at once (see Connections).
    return connections
        .recent(entry.storeId(), source())
        .chain(
            c -> {
              if (c == null || c.state() == Connection.State.DISCONNECTED) {
                // Disconnected since it arrived: the store no longer wants this shop's data.
                metrics.counter("waybill.connectors.dropped", "kind", source()).increment();
                return Uni.createFrom().voidItem();
              }
              // Deferred, so a mapper that throws before it returns a Uni is recorded like one that
              // fails inside it.
              return Uni.createFrom()
                  .deferred(() -> apply(c, entry.topic(), entry.payload()))
                  .call(() -> connections.received(c.id()))
                  .onFailure()
                  .call(
                      e -> {
                        if (e instanceof InboxHandler.Unreadable) {
                          metrics
                              .counter(
                                  "waybill.connectors.unreadable",
                                  "kind",
                                  source(),
                                  "topic",
                                  topicTag(entry.topic()))
                              .increment();
                        }
                        return connections.failed(
                            c.id(),
                            (entry.topic() == null ? "" : entry.topic() + ": ") + e.getMessage());
                      });
            });
  }

  /** Topics are the platform's fixed list; anything else is tagged as one value. */
  private String topicTag(String topic) {
    return topic != null && topic.matches("[a-z_]{1,32}[/.][a-z_]{1,32}") ? topic : "other";
  }
}
