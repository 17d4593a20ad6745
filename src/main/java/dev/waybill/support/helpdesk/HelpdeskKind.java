package dev.waybill.support.helpdesk;

import java.util.Locale;

/** The help desks Waybill creates tickets in; any other one takes the merchant webhooks. */
public enum HelpdeskKind {
  ZENDESK,
  GORGIAS;

  /** The name in the API and in the database. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code id}, or null. */
  public static HelpdeskKind of(String id) {
    for (HelpdeskKind k : values()) {
      if (k.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
        return k;
      }
    }
    return null;
  }
}
