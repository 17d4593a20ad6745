package dev.waybill.connectors.woocommerce;

import dev.waybill.connectors.ConnectorWebhooks;
import dev.waybill.connectors.ConnectorWebhooks.Received;
import dev.waybill.platform.errors.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * WooCommerce's webhooks. The site is found by {@code X-WC-Webhook-Source}; the signature over the
 * raw body is checked before anything is parsed; a verified webhook is stored in the inbox and only
 * then acknowledged. WooCommerce never retries a failed delivery (the safety sweep catches up) but
 * does send the same order again on each save; the same body is stored once, and an older {@code
 * date_modified_gmt} never overwrites a newer one when applied.
 */
@Path(Woo.WEBHOOK_PATH)
@Tag(name = "Store platform webhooks", description = "Webhooks from Shopify and WooCommerce")
public class WooWebhookResource {

  private final ConnectorWebhooks webhooks;
  private final MeterRegistry metrics;

  public WooWebhookResource(ConnectorWebhooks webhooks, MeterRegistry metrics) {
    this.webhooks = webhooks;
    this.metrics = metrics;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "receiveWooCommerceWebhook",
      summary = "Receive a WooCommerce webhook",
      description =
          "The site is found by X-WC-Webhook-Source; X-WC-Webhook-Signature must be the base64"
              + " HMAC-SHA256 of the raw body keyed with the webhook's secret. Topics"
              + " order.created, order.updated, order.deleted and order.restored are applied;"
              + " others are acknowledged and ignored. The unsigned ping WooCommerce sends when a"
              + " webhook is saved (webhook_id=N) is answered 200 and nothing is stored.")
  @APIResponse(responseCode = "200", description = "Stored (or stored before), or the ping")
  @APIResponse(responseCode = "401", description = "Unknown site, or a missing or wrong signature")
  public Uni<Map<String, String>> receive(
      @HeaderParam("X-WC-Webhook-Source") String source,
      @HeaderParam("X-WC-Webhook-Signature") String signature,
      @HeaderParam("X-WC-Webhook-Topic") String topic,
      byte[] body) {
    byte[] raw = body == null ? new byte[0] : body;
    if (WooSignature.ping(raw, signature)) {
      metrics
          .counter("waybill.connectors.webhooks", "kind", Woo.KIND, "outcome", "ping")
          .increment();
      return Uni.createFrom().item(Map.of("outcome", "ping"));
    }
    String site = WooSites.normalise(source).orElse(null);
    String t = topic == null ? null : topic.strip().toLowerCase(Locale.ROOT);
    if (site == null || signature == null) {
      return Uni.createFrom().failure(new Problems.Unauthorized("Unknown shop or bad signature"));
    }
    // Deduplicated on the body itself: WooCommerce's delivery id is built from a one-second
    // timestamp, and the same order saved twice in a second differs only in content.
    return webhooks
        .receive(
            new Received(
                Woo.KIND,
                site,
                signature,
                Woo.WEBHOOK_SECRET,
                Woo.TOPICS.contains(t) ? t : "other",
                null,
                raw))
        .map(outcome -> Map.of("outcome", outcome.name().toLowerCase(Locale.ROOT)));
  }
}
