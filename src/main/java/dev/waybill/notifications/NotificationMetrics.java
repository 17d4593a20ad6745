package dev.waybill.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@code waybill.notifications.*}: messages sent, failed, deferred and skipped by channel and
 * trigger (both small, fixed sets); the delay from status change to send; and freshness, from the
 * carrier's scan to the shopper's message.
 */
@ApplicationScoped
public class NotificationMetrics {

  private final MeterRegistry registry;

  public NotificationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void sent(
      Channel channel, Trigger trigger, OffsetDateTime changedAt, OffsetDateTime scannedAt) {
    count("waybill.notifications.sent", channel, trigger);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    if (changedAt != null) {
      timer("waybill.notifications.delay", "From the status change to the send", channel)
          .record(positive(Duration.between(changedAt, now)));
    }
    if (scannedAt != null) {
      timer("waybill.notifications.freshness", "From the carrier's scan to the send", channel)
          .record(positive(Duration.between(scannedAt, now)));
    }
  }

  public void failed(Channel channel, Trigger trigger) {
    count("waybill.notifications.failed", channel, trigger);
  }

  public void dead(Channel channel, Trigger trigger) {
    count("waybill.notifications.dead", channel, trigger);
  }

  public void deferred(Channel channel, Trigger trigger) {
    count("waybill.notifications.deferred", channel, trigger);
  }

  public void skipped(Channel channel, Trigger trigger, String why) {
    Counter.builder("waybill.notifications.skipped")
        .tag("channel", channel.name().toLowerCase())
        .tag("trigger", trigger.name().toLowerCase())
        .tag("why", why)
        .register(registry)
        .increment();
  }

  /** A merchant webhook delivery's outcome. */
  public void webhook(String topic, boolean delivered, OffsetDateTime createdAt) {
    Counter.builder(
            delivered
                ? "waybill.notifications.webhooks.delivered"
                : "waybill.notifications.webhooks.failed")
        .tag("topic", topic)
        .register(registry)
        .increment();
    if (delivered && createdAt != null) {
      Timer.builder("waybill.notifications.webhooks.delay")
          .description("From the event to its delivery")
          .publishPercentileHistogram()
          .register(registry)
          .record(positive(Duration.between(createdAt, OffsetDateTime.now(ZoneOffset.UTC))));
    }
  }

  private void count(String name, Channel channel, Trigger trigger) {
    Counter.builder(name)
        .tag("channel", channel.name().toLowerCase())
        .tag("trigger", trigger.name().toLowerCase())
        .register(registry)
        .increment();
  }

  private Timer timer(String name, String description, Channel channel) {
    return Timer.builder(name)
        .description(description)
        .tag("channel", channel.name().toLowerCase())
        .publishPercentileHistogram()
        .publishPercentiles(0.5, 0.99)
        .register(registry);
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
