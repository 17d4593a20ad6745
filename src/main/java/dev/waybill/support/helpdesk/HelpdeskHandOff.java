package dev.waybill.support.helpdesk;

import dev.waybill.orders.OutboxSubscriber;
import dev.waybill.platform.config.WorkersOnly;
import dev.waybill.platform.health.PodState;
import dev.waybill.platform.queue.QueueRunner;
import dev.waybill.platform.security.CredentialVault;
import dev.waybill.support.helpdesk.HelpdeskClient.Account;
import dev.waybill.support.helpdesk.HelpdeskClient.Created;
import dev.waybill.support.helpdesk.HelpdeskClient.Refused;
import dev.waybill.support.helpdesk.HelpdeskClient.Retry;
import dev.waybill.support.helpdesk.HelpdeskTickets.Pending;
import dev.waybill.support.helpdesk.Helpdesks.Helpdesk;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hands each support case of a store with a help desk to it as a ticket. The case's {@code
 * support_case.created} outbox event queues one ticket in the fan-out's transaction; any pod then
 * creates it, retrying with backoff, and keeps the help desk's ticket id so a case never becomes
 * two tickets. A retry after an answer that went missing first asks the help desk for a ticket with
 * the case's reference as external id, where the help desk can say.
 */
@ApplicationScoped
public class HelpdeskHandOff implements OutboxSubscriber {

  static final String TOPIC = "support_case.created";

  private final HelpdeskTickets tickets;
  private final Helpdesks helpdesks;
  private final CaseStories stories;
  private final HelpdeskClient client;
  private final HelpdeskConfig config;
  private final PodState pod;
  private final MeterRegistry metrics;
  private final QueueRunner runner = new QueueRunner("Help desk hand-off", "hdk-");

  public HelpdeskHandOff(
      HelpdeskTickets tickets,
      Helpdesks helpdesks,
      CaseStories stories,
      HelpdeskClient client,
      HelpdeskConfig config,
      PodState pod,
      MeterRegistry metrics) {
    this.tickets = tickets;
    this.helpdesks = helpdesks;
    this.stories = stories;
    this.client = client;
    this.config = config;
    this.pod = pod;
    this.metrics = metrics;
  }

  @Override
  public Uni<Void> accept(SqlConnection conn, List<Event> events) {
    List<UUID> stores = new ArrayList<>();
    List<UUID> cases = new ArrayList<>();
    List<String> references = new ArrayList<>();
    for (Event e : events) {
      String reference = e.payload().getString("reference");
      if (TOPIC.equals(e.topic()) && reference != null) {
        stores.add(e.storeId());
        cases.add(e.aggregateId());
        references.add(reference);
      }
    }
    if (stores.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return tickets
        .enqueue(conn, stores, cases, references)
        .invoke(
            queued -> {
              if (queued > 0) {
                metrics.counter("waybill.helpdesk.tickets.queued").increment(queued);
              }
            })
        .replaceWithVoid();
  }

  @Scheduled(
      every = "${waybill.helpdesk.interval:2s}",
      delayed = "${waybill.helpdesk.interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> run() {
    if (!config.enabled() || pod.draining() || runner.stopping()) {
      return Uni.createFrom().voidItem();
    }
    return runner
        .coalesced(this::cycle)
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.errorf(e, "Help desk hand-off cycle failed; retried next cycle");
              return null;
            });
  }

  /** Sends due tickets until a claim comes back short. */
  public Uni<Void> cycle() {
    return runner.whileMore(
        () ->
            tickets
                .claim()
                .chain(
                    batch ->
                        batch.isEmpty()
                            ? Uni.createFrom().item(false)
                            : Multi.createFrom()
                                .iterable(batch)
                                .onItem()
                                .transformToUni(this::send)
                                .merge(4)
                                .collect()
                                .last()
                                .replaceWith(
                                    batch.size() >= config.batchSize() && !pod.draining())));
  }

  private Uni<Void> send(Pending p) {
    return helpdesks
        .find(p.storeId())
        .chain(h -> send(p, h))
        .onFailure()
        .recoverWithUni(
            e -> {
              count(p, "retried");
              return tickets.failed(p, e.getMessage(), null);
            });
  }

  private Uni<Void> send(Pending p, Helpdesk h) {
    if (h == null || h.kind() != p.kind()) {
      count(p, "skipped");
      return tickets.skipped(p, "the store no longer hands cases to " + p.kind().id());
    }
    String token;
    try {
      token = helpdesks.token(h);
    } catch (CredentialVault.Unreadable e) {
      count(p, "dead");
      return tickets.dead(p, "the stored API token no longer opens: enter it again");
    }
    Account account = new Account(h.kind(), h.subdomain(), h.email(), token, h.tags());
    // Only a try after an earlier one can have left a ticket behind.
    Uni<Created> earlier =
        p.attempts() > 1 ? client.find(account, p.reference()) : Uni.createFrom().nullItem();
    return earlier.chain(
        found -> {
          if (found != null) {
            count(p, "found");
            return tickets.sent(p, found.id(), found.url());
          }
          return stories
              .of(p.storeId(), p.reference())
              .chain(story -> client.create(account, story))
              .chain(result -> outcome(p, result));
        });
  }

  private Uni<Void> outcome(Pending p, HelpdeskClient.Result result) {
    if (result instanceof Created c) {
      count(p, "sent");
      Log.infof("Support case %s is %s ticket %s", p.reference(), p.kind().id(), c.id());
      return tickets.sent(p, c.id(), c.url());
    }
    if (result instanceof Retry r) {
      count(p, p.attempts() >= config.maxAttempts() ? "dead" : "retried");
      Log.warnf(
          "%s ticket for case %s: %s (try %d)",
          p.kind().id(), p.reference(), r.error(), p.attempts());
      return tickets.failed(p, r.error(), r.after());
    }
    Refused r = (Refused) result;
    count(p, "dead");
    Log.warnf("%s refused the ticket for case %s: %s", p.kind().id(), p.reference(), r.error());
    return tickets.dead(p, r.error());
  }

  private void count(Pending p, String result) {
    metrics
        .counter("waybill.helpdesk.tickets", "kind", p.kind().id(), "result", result)
        .increment();
  }

  void stop(@Observes ShutdownEvent event) {
    // Leases are not owned: whatever is in flight when the wait ends expires on its own.
    runner.drain(Duration.ofSeconds(10), owner -> Uni.createFrom().item(0));
  }
}
