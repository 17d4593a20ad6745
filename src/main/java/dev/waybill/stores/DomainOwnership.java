package dev.waybill.stores;

import dev.waybill.platform.security.OutboundTargets;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.dns.DnsClient;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Checks that whoever set a tracking domain controls it: the domain publishes the store's token in
 * a DNS TXT record at {@code _waybill-challenge.<domain>}, or its web server answers {@code
 * http://<domain>/.well-known/waybill-domain/<token>} with the token. Neither check blocks an
 * event-loop thread. Waybill never answers the well-known path itself: a domain already pointed at
 * Waybill proves nothing about which store it belongs to.
 */
@ApplicationScoped
public class DomainOwnership {

  /** The label in front of the domain where the TXT record goes. */
  public static final String DNS_LABEL = "_waybill-challenge.";

  /** The path on the domain where the token is served. */
  public static final String HTTP_PATH = "/.well-known/waybill-domain/";

  /** A token answer is short; more than this is not one. */
  private static final int MAX_BODY = 1024;

  private final StoresConfig.DomainVerification config;
  private final DnsClient dns;
  private final WebClient web;

  public DomainOwnership(Vertx vertx, StoresConfig config) {
    this.config = config.domainVerification();
    long timeout = this.config.timeout().toMillis();
    DnsClientOptions dnsOptions = new DnsClientOptions().setQueryTimeout(timeout);
    this.config
        .dnsServer()
        .ifPresent(
            server -> {
              int colon = server.lastIndexOf(':');
              if (colon > 0 && server.indexOf(':') == colon) {
                dnsOptions.setHost(server.substring(0, colon));
                dnsOptions.setPort(Integer.parseInt(server.substring(colon + 1)));
              } else {
                dnsOptions.setHost(server);
              }
            });
    this.dns = vertx.createDnsClient(dnsOptions);
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout))
                .setUserAgent("Waybill domain check")
                .setFollowRedirects(false));
  }

  /** Where the TXT record goes. */
  public static String dnsName(String domain) {
    return DNS_LABEL + domain;
  }

  /** The URL the token is served at. */
  public static String httpUrl(String domain, String token) {
    return "http://" + domain + HTTP_PATH + token;
  }

  /** Whether the domain shows the token by either method. Never fails: a failed check is false. */
  public Uni<Boolean> shows(String domain, String token) {
    return viaDns(domain, token)
        .chain(found -> found ? Uni.createFrom().item(true) : viaHttp(domain, token));
  }

  Uni<Boolean> viaDns(String domain, String token) {
    return dns.resolveTXT(dnsName(domain))
        .map(records -> contains(records, token))
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.debugf("No TXT record for %s: %s", dnsName(domain), e.toString());
              return false;
            });
  }

  Uni<Boolean> viaHttp(String domain, String token) {
    String base = config.httpBaseUrl().map(b -> b.replaceAll("/+$", "")).orElse("http://" + domain);
    Uni<Void> allowed =
        config.allowPrivateTargets()
            ? Uni.createFrom().voidItem()
            : OutboundTargets.requirePublic(java.net.URI.create(base).getHost());
    return allowed
        .chain(
            () ->
                web.getAbs(base + HTTP_PATH + token)
                    .virtualHost(domain)
                    .timeout(config.timeout().toMillis())
                    .send())
        .map(
            response ->
                response.statusCode() == 200
                    && response.body() != null
                    && response.body().length() <= MAX_BODY
                    && response.bodyAsString().strip().equals(token))
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.debugf("The HTTP check of %s failed: %s", domain, e.toString());
              return false;
            });
  }

  private static boolean contains(List<String> records, String token) {
    return records != null && records.stream().anyMatch(r -> r.strip().equals(token));
  }
}
