package dev.waybill.stores;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Stores: how a store proves it controls its tracking domain. */
@ConfigMapping(prefix = "waybill.stores")
public interface StoresConfig {

  /** The ownership check a tracking domain passes before it serves a store's pages. */
  DomainVerification domainVerification();

  interface DomainVerification {

    /** How long one check (the DNS query, or the HTTP request) may take. */
    @WithDefault("5s")
    Duration timeout();

    /**
     * The DNS server asked for the TXT record, as {@code host} or {@code host:port}; unset, the
     * system's resolvers are used.
     */
    Optional<String> dnsServer();

    /**
     * Asks this base URL for the well-known token instead of {@code http://<domain>}, still sending
     * the domain as the Host header: for tests, or a proxy that reaches the merchant's web server.
     */
    Optional<String> httpBaseUrl();

    /**
     * Whether the HTTP check may reach loopback and private addresses. Off in production, so the
     * check cannot be pointed at services inside the network Waybill runs in.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();
  }
}
