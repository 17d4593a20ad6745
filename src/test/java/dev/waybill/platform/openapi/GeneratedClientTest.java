package dev.waybill.platform.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.waybill.client.ApiClient;
import dev.waybill.client.ApiException;
import dev.waybill.client.api.AdminApi;
import dev.waybill.client.api.OrdersApi;
import dev.waybill.client.api.TrackingApi;
import dev.waybill.client.model.Address;
import dev.waybill.client.model.CreateKey;
import dev.waybill.client.model.CreateOrder;
import dev.waybill.client.model.CreateShipment;
import dev.waybill.client.model.CreateStore;
import dev.waybill.client.model.Customer;
import dev.waybill.client.model.IssuedKey;
import dev.waybill.client.model.Order;
import dev.waybill.client.model.OrderItem;
import dev.waybill.client.model.Problem;
import dev.waybill.client.model.Scope;
import dev.waybill.client.model.Shipment;
import dev.waybill.client.model.Store;
import dev.waybill.client.model.Tracking;
import dev.waybill.testing.TestStores;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A partner's view of the API: the Java client generated from the committed contract drives the
 * core flow against the running app, so the contract is not only valid but true.
 */
@QuarkusTest
class GeneratedClientTest {

  @TestHTTPResource("/")
  URI root;

  @Test
  void aGeneratedClientRunsTheCoreFlow() throws Exception {
    AdminApi platform = new AdminApi(client(TestStores.adminToken()));
    String slug = "c-" + UUID.randomUUID().toString().substring(0, 12);
    Store store = platform.createStore(new CreateStore().slug(slug).name("Client store"));
    assertEquals(slug, store.getSlug());
    IssuedKey merchantKey =
        platform.issueKey(slug, new CreateKey().scopes(Set.of(Scope.ORDERS_WRITE)));
    IssuedKey storefrontKey =
        platform.issueKey(slug, new CreateKey().scopes(Set.of(Scope.TRACKING_READ)));

    OrdersApi orders = new OrdersApi(client(merchantKey.getKey()));
    CreateOrder body =
        new CreateOrder()
            .orderNumber("C-1001")
            .customer(new Customer().name("Ada Lovelace").email("ada@example.com"))
            .items(List.of(new OrderItem().name("Trail Runner 2").quantity(1)))
            .shippingAddress(new Address().postalCode("10115").country("DE"));
    Order created = orders.createOrder(body, "client-order-1");
    assertEquals(created.getId(), orders.createOrder(body, "client-order-1").getId());

    Shipment shipment =
        orders.addShipment(
            "C-1001", new CreateShipment().carrier("ups").trackingNumber(TestStores.upsNumber()));
    assertEquals("ups", shipment.getCarrier());

    TrackingApi storefront = new TrackingApi(client(storefrontKey.getKey()));
    Tracking byOrder = storefront.trackOrder("C-1001", "ada@example.com", null, null, null, null);
    assertEquals(1, byOrder.getShipments().size());
    assertNotNull(byOrder.getToken());

    Tracking byToken =
        new TrackingApi(client(null)).trackByToken(byOrder.getToken(), null, null, null);
    assertEquals("C-1001", byToken.getOrderNumber());
    assertEquals(shipment.getId(), byToken.getShipments().get(0).getId());

    ApiException unknown =
        assertThrows(
            ApiException.class,
            () -> storefront.trackOrder("C-1001", "eve@example.com", null, null, null, null));
    assertEquals(404, unknown.getCode());
    Problem problem =
        client(null).getObjectMapper().readValue(unknown.getResponseBody(), Problem.class);
    assertEquals(404, problem.getStatus());
    assertNotNull(problem.getType());
    assertNotNull(problem.getTitle());
  }

  /** The native client has no bearer support of its own; a partner adds it the same way. */
  private ApiClient client(String key) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(root.toString().replaceAll("/$", ""));
    if (key != null) {
      client.setRequestInterceptor(r -> r.header("Authorization", "Bearer " + key));
    }
    return client;
  }
}
