package dev.waybill.connectors.shopify;

import dev.waybill.connectors.ConnectorAdmin;
import java.util.List;

/** The Shopify connector's names: its kind, credential fields, path and webhook topics. */
final class Shopify {

  static final String KIND = "shopify";
  static final String WEBHOOK_SECRET = "webhookSecret";
  static final String ACCESS_TOKEN = "accessToken";
  static final String WEBHOOK_PATH = "/connectors/shopify/webhooks";

  static final String ORDERS_CREATE = "orders/create";
  static final String ORDERS_UPDATED = "orders/updated";
  static final String ORDERS_CANCELLED = "orders/cancelled";
  static final String FULFILLMENTS_CREATE = "fulfillments/create";
  static final String FULFILLMENTS_UPDATE = "fulfillments/update";
  static final String APP_UNINSTALLED = "app/uninstalled";
  static final String CUSTOMERS_DATA_REQUEST = "customers/data_request";
  static final String CUSTOMERS_REDACT = "customers/redact";
  static final String SHOP_REDACT = "shop/redact";

  static final List<String> TOPICS =
      List.of(
          ORDERS_CREATE,
          ORDERS_UPDATED,
          ORDERS_CANCELLED,
          FULFILLMENTS_CREATE,
          FULFILLMENTS_UPDATE,
          APP_UNINSTALLED);

  static final ConnectorAdmin.Kind ADMIN =
      new ConnectorAdmin.Kind(KIND, WEBHOOK_PATH, List.of(WEBHOOK_SECRET, ACCESS_TOKEN), TOPICS);

  private Shopify() {}
}
