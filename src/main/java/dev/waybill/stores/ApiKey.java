package dev.waybill.stores;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "api_keys")
class ApiKey extends PanacheEntityBase {
  @Id UUID id;

  @Column(name = "store_id")
  UUID storeId;

  String name;
  String prefix;

  @Column(name = "secret_hash")
  String secretHash;

  /** Comma-separated scope values. */
  String scopes;

  @Column(name = "created_at")
  OffsetDateTime createdAt;

  @Column(name = "last_used_at")
  OffsetDateTime lastUsedAt;

  @Column(name = "revoked_at")
  OffsetDateTime revokedAt;
}
