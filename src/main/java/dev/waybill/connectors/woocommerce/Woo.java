package dev.waybill.connectors.woocommerce;

import dev.waybill.connectors.ConnectorAdmin;
import java.util.List;

/** The WooCommerce connector's names: its kind, credential fields, path and webhook topics. */
final class Woo {

  static final String KIND = "woocommerce";
  static final String WEBHOOK_SECRET = "webhookSecret";
  static final String CONSUMER_KEY = "consumerKey";
  static final String CONSUMER_SECRET = "consumerSecret";
  static final String WEBHOOK_PATH = "/connectors/woocommerce/webhooks";

  static final String ORDER_CREATED = "order.created";
  static final String ORDER_UPDATED = "order.updated";
  static final String ORDER_DELETED = "order.deleted";
  static final String ORDER_RESTORED = "order.restored";

  static final List<String> TOPICS =
      List.of(ORDER_CREATED, ORDER_UPDATED, ORDER_DELETED, ORDER_RESTORED);

  static final ConnectorAdmin.Kind ADMIN =
      new ConnectorAdmin.Kind(
          KIND, WEBHOOK_PATH, List.of(WEBHOOK_SECRET, CONSUMER_KEY, CONSUMER_SECRET), TOPICS);

  private Woo() {}
}
