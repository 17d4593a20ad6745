package dev.waybill.pages;

import dev.waybill.platform.security.ClientAddress;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
import dev.waybill.stores.Theme;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingView;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** Finds the store a page is for, and dresses the page in its branding and language. */
@ApplicationScoped
public class StorePages {

  private final StoreDirectory stores;
  private final StatusTexts texts;
  private final PagesConfig config;

  public StorePages(StoreDirectory stores, StatusTexts texts, PagesConfig config) {
    this.stores = stores;
    this.texts = texts;
    this.config = config;
  }

  /** The store with this slug, or a null item. */
  public Uni<StoreProfile> bySlug(String slug) {
    if (slug == null || !slug.matches("[a-z0-9-]{1,64}")) {
      return Uni.createFrom().nullItem();
    }
    return stores.bySlug(slug);
  }

  /** The store with this id, or a null item. */
  public Uni<StoreProfile> byId(java.util.UUID id) {
    return stores.profile(id);
  }

  /**
   * The store whose tracking domain this is; else the configured default store; else a null item.
   */
  public Uni<StoreProfile> byHost(String host) {
    String name = host == null ? "" : host.replaceFirst(":\\d+$", "").trim();
    Uni<StoreProfile> byDomain =
        name.isEmpty() ? Uni.createFrom().nullItem() : stores.byDomain(name);
    return byDomain.chain(
        store ->
            store != null || config.defaultStore().isEmpty()
                ? Uni.createFrom().item(store)
                : stores.bySlug(config.defaultStore().get()));
  }

  /**
   * The store's frame, in the language asked for ({@code locale}), else the one the browser prefers
   * ({@code Accept-Language}), else the store's.
   */
  public Shell shell(StoreProfile store, String locale, String acceptLanguage) {
    return new Shell(
        store.name(),
        store.branding().logoUrl(),
        Theme.of(store.branding().primaryColor(), store.branding().accentColor()),
        new Labels(texts, language(locale, acceptLanguage, store.defaultLocale())));
  }

  /** The frame of a tracking view, in the view's language. */
  public Shell shell(TrackingView view) {
    return new Shell(
        view.store().name(),
        view.store().logoUrl(),
        Theme.of(view.store().primaryColor(), view.store().accentColor()),
        new Labels(texts, view.locale()));
  }

  /** A neutral frame for pages that belong to no store, in the language asked for or preferred. */
  public Shell plainShell(String locale, String acceptLanguage) {
    return new Shell(
        "Waybill",
        null,
        Theme.of(null, null),
        new Labels(texts, language(locale, acceptLanguage, null)));
  }

  /** The language asked for, else the browser's preferred one, else the fallback. */
  static String language(String locale, String acceptLanguage, String fallback) {
    if (locale != null && !locale.isBlank()) {
      return locale;
    }
    String preferred = StatusTexts.preferred(acceptLanguage);
    return preferred != null ? preferred : fallback;
  }

  /** The client's address, as every per-address limit reads it. */
  static String client(HttpServerRequest request) {
    return ClientAddress.of(request);
  }
}
