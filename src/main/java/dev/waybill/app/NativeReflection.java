package dev.waybill.app;

import dev.waybill.orders.OrderItem;
import dev.waybill.orders.OrderRequests;
import dev.waybill.orders.OrderViews;
import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problem;
import dev.waybill.tracking.TrackingView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types that Jackson writes outside a REST return value (rendered lookups kept in the cache, the
 * stored answers to idempotent requests, problem documents written before routing), which a native
 * image would otherwise not know to keep; and the resources whose {@code @RequiresScope} the auth
 * filter reads once per endpoint (NativeReflectionTest fails when a resource carrying it is missing
 * here).
 */
@RegisterForReflection(
    targets = {
      TrackingView.class,
      TrackingView.Item.class,
      TrackingView.Destination.class,
      TrackingView.Parcel.class,
      TrackingView.Problem.class,
      TrackingView.Step.class,
      TrackingView.Estimate.class,
      TrackingView.Event.class,
      TrackingView.StoreInfo.class,
      TrackingView.Support.class,
      OrderViews.OrderView.class,
      OrderViews.CustomerView.class,
      OrderViews.NotificationsView.class,
      OrderViews.ShipmentView.class,
      OrderViews.PredictedDelivery.class,
      OrderRequests.Address.class,
      OrderItem.class,
      Problem.class,
      dev.waybill.tracking.shopper.ShopperViews.SignInAccepted.class,
      dev.waybill.tracking.shopper.ShopperViews.Token.class,
      dev.waybill.tracking.shopper.ShopperViews.Orders.class,
      dev.waybill.tracking.shopper.ShopperViews.Order.class,
      FieldError.class,
      dev.waybill.stores.AdminResource.class,
      dev.waybill.orders.OrderResource.class,
      dev.waybill.support.replies.ReplyResource.class,
      dev.waybill.support.replies.ReplyAdminResource.class,
      dev.waybill.support.helpdesk.HelpdeskAdminResource.class,
      dev.waybill.support.helpdesk.CaseStoryResource.class,
      dev.waybill.orders.ShipmentResource.class,
      dev.waybill.tracking.TrackingResource.class,
      dev.waybill.tracking.shopper.ShopperResource.class,
      dev.waybill.carriers.AggregatorResource.class,
      dev.waybill.carriers.CarrierAdminResource.class,
      dev.waybill.carriers.CarrierResource.class,
      dev.waybill.connectors.woocommerce.WooAdminResource.class,
      dev.waybill.insights.promises.PromiseResource.class,
      dev.waybill.insights.promises.PromiseAdminResource.class,
      dev.waybill.notifications.NotificationResource.class,
      dev.waybill.notifications.webhooks.WebhookEndpointResource.class,
      dev.waybill.support.claims.ClaimResource.class,
      dev.waybill.support.SupportResource.class,
      dev.waybill.support.agents.AgentAdminResource.class,
      dev.waybill.insights.analytics.InsightsResource.class,
      dev.waybill.privacy.ErasureResource.class,
      dev.waybill.connectors.shopify.ShopifyAdminResource.class,
      dev.waybill.marketing.KlaviyoResource.class
    })
final class NativeReflection {

  private NativeReflection() {}
}
