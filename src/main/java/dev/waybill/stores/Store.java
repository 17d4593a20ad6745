package dev.waybill.stores;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "stores")
class Store extends PanacheEntityBase {
  @Id UUID id;
  String slug;
  String name;

  @Column(name = "logo_url")
  String logoUrl;

  @Column(name = "primary_color")
  String primaryColor;

  @Column(name = "accent_color")
  String accentColor;

  @Column(name = "support_email")
  String supportEmail;

  @Column(name = "support_phone")
  String supportPhone;

  @Column(name = "support_url")
  String supportUrl;

  @Column(name = "custom_message")
  String customMessage;

  @Column(name = "default_locale")
  String defaultLocale;

  @Column(name = "time_zone")
  String timeZone;

  @Column(name = "tracking_domain")
  String trackingDomain;

  /** What the domain must show to prove the store controls it; shown to the store's admins. */
  @Column(name = "tracking_domain_token")
  String trackingDomainToken;

  /** Set once the domain showed the token; only then does it serve the store's pages. */
  @Column(name = "tracking_domain_verified_at")
  OffsetDateTime trackingDomainVerifiedAt;

  /** Business days from order to handover. */
  @Column(name = "processing_days")
  int processingDays;

  /** Local time (HH:mm) after which an order counts as placed the next business day. */
  @Column(name = "order_cutoff")
  String orderCutoff;

  @Column(name = "rate_limit_per_key")
  Integer rateLimitPerKey;

  @Column(name = "rate_limit_per_ip")
  Integer rateLimitPerIp;

  @Column(name = "rate_limit_window_s")
  Integer rateLimitWindowSeconds;

  /** Space-separated https origins allowed to embed the store's shopper pages. */
  @Column(name = "embed_origins")
  String embedOrigins;

  @Column(name = "created_at")
  OffsetDateTime createdAt;

  @Column(name = "updated_at")
  OffsetDateTime updatedAt;
}
