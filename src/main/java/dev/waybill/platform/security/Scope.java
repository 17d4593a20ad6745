package dev.waybill.platform.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an API key may do. Keys carry one or more scopes. */
public enum Scope {
  /** A merchant's back end: create orders and shipments, record events. */
  ORDERS_WRITE("orders:write"),
  /** A publishable key a storefront or app may embed: tracking lookups only. */
  TRACKING_READ("tracking:read"),
  /** Support agents' tools. */
  SUPPORT("support"),
  /** Manage the store's branding and keys. */
  ADMIN("admin");

  private final String value;

  Scope(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  @JsonCreator
  public static Scope fromValue(String value) {
    for (Scope s : values()) {
      if (s.value.equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + value
            + "' is not one of the allowed values: orders:write, tracking:read, support, admin");
  }

  @Override
  public String toString() {
    return value;
  }
}
