package dev.waybill.connectors;

import dev.waybill.carriers.WebhookInbox;
import dev.waybill.carriers.WebhookWorker;
import dev.waybill.connectors.Connection.State;
import dev.waybill.connectors.ConnectorViews.BackfillView;
import dev.waybill.connectors.ConnectorViews.ConnectorView;
import dev.waybill.connectors.ConnectorViews.CredentialView;
import dev.waybill.connectors.ConnectorViews.InboxView;
import dev.waybill.connectors.ConnectorViews.ReplayView;
import dev.waybill.connectors.ConnectorViews.WriteBackRetryView;
import dev.waybill.connectors.ConnectorViews.WriteBackView;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.CredentialVault;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What every connector's admin endpoints share: finding the caller's store, showing a connection
 * (never its secrets), disconnecting and replaying its stored webhooks.
 */
@ApplicationScoped
public class ConnectorAdmin {

  /** How a connector describes itself to its admin view. */
  public record Kind(
      String name, String webhookPath, List<String> credentialFields, List<String> topics) {}

  private final Connections connections;
  private final StoreDirectory stores;
  private final CurrentCaller caller;
  private final WebhookInbox inbox;
  private final WebhookWorker worker;
  private final ConnectorsConfig config;
  private final WriteBacks writeBacks;
  private final Instance<ConnectorHandler> handlers;

  public ConnectorAdmin(
      Connections connections,
      StoreDirectory stores,
      CurrentCaller caller,
      WebhookInbox inbox,
      WebhookWorker worker,
      ConnectorsConfig config,
      WriteBacks writeBacks,
      Instance<ConnectorHandler> handlers) {
    this.connections = connections;
    this.stores = stores;
    this.caller = caller;
    this.inbox = inbox;
    this.worker = worker;
    this.config = config;
    this.writeBacks = writeBacks;
    this.handlers = handlers;
  }

  /**
   * Every kind of connector there is, with the store's connection of that kind (null when the store
   * never connected it), for the console; the caller has checked access to the store.
   */
  public Uni<List<Listed>> forStore(UUID storeId) {
    List<Kind> kinds = new ArrayList<>();
    for (ConnectorHandler h : handlers) {
      kinds.add(h.kind());
    }
    kinds.sort(java.util.Comparator.comparing(Kind::name));
    Uni<List<Listed>> all = Uni.createFrom().item(new ArrayList<>());
    for (Kind kind : kinds) {
      all =
          all.call(
              list ->
                  connections
                      .find(storeId, kind.name())
                      .chain(
                          c ->
                              c == null
                                  ? Uni.createFrom().<ConnectorView>nullItem()
                                  : view(c, kind))
                      .invoke(
                          v ->
                              list.add(
                                  new Listed(
                                      kind.name(),
                                      config.publicBaseUrl().replaceAll("/+$", "")
                                          + kind.webhookPath(),
                                      kind.topics(),
                                      v))));
    }
    return all;
  }

  /** A connector kind and the store's connection of it, if any. */
  public record Listed(
      String kind, String webhookUrl, List<String> webhookTopics, ConnectorView connection) {}

  /** The store by slug if the caller may administer it; otherwise the same 404 as none. */
  public Uni<StoreProfile> store(String slug) {
    Caller who = caller.get();
    if (!who.isPlatformAdmin() && !slug.equals(who.storeSlug())) {
      // The same answer as for a store that doesn't exist: keys can't probe other stores.
      return Uni.createFrom().failure(new Problems.NotFound("No store '" + slug + "'"));
    }
    return stores
        .bySlug(slug)
        .map(
            store -> {
              if (store == null) {
                throw new Problems.NotFound("No store '" + slug + "'");
              }
              return store;
            });
  }

  /** Connects (or updates) and answers the connection's view. */
  public Uni<ConnectorView> connect(String slug, Kind kind, Connections.Connect request) {
    return store(slug)
        .chain(store -> connections.connect(store.id(), kind.name(), request))
        .invoke(c -> Log.infof("Store %s connected to %s", c.storeId(), kind.name()))
        .chain(c -> view(c, kind));
  }

  /** The connection's view; 404 when the store never connected this kind. */
  public Uni<ConnectorView> get(String slug, Kind kind) {
    return store(slug)
        .chain(store -> connections.find(store.id(), kind.name()))
        .chain(
            c -> {
              if (c == null) {
                throw new Problems.NotFound("This store has no " + kind.name() + " connection");
              }
              return view(c, kind);
            });
  }

  /** Disconnects: its credentials are wiped, and nothing of the shop is taken any more. */
  public Uni<ConnectorView> disconnect(String slug, Kind kind) {
    return store(slug)
        .chain(
            store ->
                connections
                    .disconnect(store.id(), kind.name(), State.DISCONNECTED, "admin", null)
                    .chain(() -> connections.find(store.id(), kind.name())))
        .chain(
            c -> {
              if (c == null) {
                throw new Problems.NotFound("This store has no " + kind.name() + " connection");
              }
              return view(c, kind);
            });
  }

  /** Makes the store's parked and retrying webhooks of this kind due again, now. */
  public Uni<ReplayView> replay(String slug, Kind kind) {
    return store(slug)
        .chain(store -> inbox.replay(kind.name(), store.id()))
        .invoke(
            n -> {
              if (n > 0) {
                worker.announce();
              }
            })
        .map(ReplayView::new);
  }

  /** Makes the store's dead write-backs of this kind due again, now. */
  public Uni<WriteBackRetryView> retryWriteBacks(String slug, Kind kind) {
    return store(slug)
        .chain(store -> connections.find(store.id(), kind.name()))
        .chain(
            c -> {
              if (c == null) {
                throw new Problems.NotFound("This store has no " + kind.name() + " connection");
              }
              return writeBacks.retryDead(c.id());
            })
        .map(WriteBackRetryView::new);
  }

  /** The connection's view, as the admin API shows it; the console shows the same. */
  public Uni<ConnectorView> view(Connection c, Kind kind) {
    return Uni.combine()
        .all()
        .unis(inbox.backlog(kind.name(), c.storeId()), writeBacks.counts(c.id()))
        .asTuple()
        .map(
            both -> {
              var backlog = both.getItem1();
              var queue = both.getItem2();
              List<CredentialView> credentials = new ArrayList<>();
              for (String field : kind.credentialFields()) {
                credentials.add(credential(c, field));
              }
              var b = c.backfill();
              return new ConnectorView(
                  kind.name(),
                  c.state().name(),
                  c.settings(),
                  credentials,
                  c.writeBack(),
                  config.publicBaseUrl().replaceAll("/+$", "") + kind.webhookPath(),
                  kind.topics(),
                  c.connectedAt(),
                  c.disconnectedAt(),
                  c.disconnectReason(),
                  c.lastEventAt(),
                  c.eventsReceived(),
                  c.lastError(),
                  c.lastErrorAt(),
                  new BackfillView(
                      b.state().name(),
                      b.since(),
                      b.imported(),
                      b.cursor() != null,
                      b.startedAt(),
                      b.finishedAt()),
                  new InboxView(backlog.pending(), backlog.parked()),
                  new WriteBackView(
                      queue.pending(),
                      queue.failing(),
                      queue.dead(),
                      queue.sent(),
                      queue.lastError(),
                      queue.lastErrorAt()));
            });
  }

  private CredentialView credential(Connection c, String field) {
    if (!c.sealed().containsKey(field)) {
      return new CredentialView(field, false, null, true);
    }
    try {
      String secret = connections.secret(c, field);
      return new CredentialView(field, true, CredentialVault.hint(secret).orElse(null), true);
    } catch (CredentialVault.Unreadable e) {
      return new CredentialView(field, true, null, false);
    }
  }

  /** The start of a new connection's import: {@code waybill.connectors.backfill-days} ago. */
  public OffsetDateTime backfillSince() {
    return OffsetDateTime.now(ZoneOffset.UTC).minusDays(config.backfillDays());
  }
}
