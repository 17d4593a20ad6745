package dev.waybill.orders;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

@Entity
@Table(name = "idempotency_keys")
@IdClass(IdempotencyRecord.Key.class)
class IdempotencyRecord extends PanacheEntityBase {

  @Id
  @Column(name = "store_id")
  UUID storeId;

  @Id
  @Column(name = "idem_key")
  String key;

  @Column(name = "request_hash")
  String requestHash;

  @Column(name = "status_code")
  int statusCode;

  @Column(name = "response_body", columnDefinition = "text")
  String responseBody;

  @Column(name = "created_at")
  OffsetDateTime createdAt;

  /** Composite key. */
  public static class Key implements Serializable {
    UUID storeId;
    String key;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(storeId, k.storeId) && Objects.equals(key, k.key);
    }

    @Override
    public int hashCode() {
      return Objects.hash(storeId, key);
    }
  }
}
