package dev.waybill.connectors.shopify;

import dev.waybill.connectors.ConnectorWebhooks;
import dev.waybill.connectors.ConnectorWebhooks.Received;
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
 * Shopify's webhooks. The signature over the raw body is checked before anything is parsed; a
 * verified webhook is stored in the inbox and only then acknowledged, well inside Shopify's
 * timeout. A webhook Shopify retries is acknowledged again and stored once.
 */
@Path(Shopify.WEBHOOK_PATH)
@Tag(name = "Store platform webhooks", description = "Webhooks from Shopify and WooCommerce")
public class ShopifyWebhookResource {

  private final ConnectorWebhooks webhooks;

  public ShopifyWebhookResource(ConnectorWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "receiveShopifyWebhook",
      summary = "Receive a Shopify webhook",
      description =
          "The shop is found by X-Shopify-Shop-Domain; X-Shopify-Hmac-Sha256 must be the base64"
              + " HMAC-SHA256 of the raw body keyed with the app's secret. Deduplicated on"
              + " X-Shopify-Event-Id (or X-Shopify-Webhook-Id) per topic.")
  @APIResponse(responseCode = "200", description = "Stored (or stored before); applied shortly")
  @APIResponse(responseCode = "401", description = "Unknown shop, or a missing or wrong signature")
  public Uni<Map<String, String>> receive(
      @HeaderParam("X-Shopify-Shop-Domain") String shop,
      @HeaderParam("X-Shopify-Hmac-Sha256") String signature,
      @HeaderParam("X-Shopify-Topic") String topic,
      @HeaderParam("X-Shopify-Event-Id") String eventId,
      @HeaderParam("X-Shopify-Webhook-Id") String webhookId,
      byte[] body) {
    String delivery = eventId != null && !eventId.isBlank() ? eventId : webhookId;
    return webhooks
        .receive(
            new Received(
                Shopify.KIND,
                shop,
                signature,
                Shopify.WEBHOOK_SECRET,
                topic == null ? null : topic.strip().toLowerCase(Locale.ROOT),
                delivery,
                body == null ? new byte[0] : body))
        .map(outcome -> Map.of("outcome", outcome.name().toLowerCase(Locale.ROOT)));
  }
}
