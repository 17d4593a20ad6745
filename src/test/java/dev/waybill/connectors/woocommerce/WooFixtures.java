package dev.waybill.connectors.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/** The order of the REST API docs' example, with Shipment Tracking's meta, and variations. */
final class WooFixtures {

  static final ObjectMapper JSON = new ObjectMapper();

  private WooFixtures() {}

  /** The documented order 727: completed, shipped with a USPS and a custom-provider parcel. */
  static ObjectNode order() {
    try (InputStream in = WooFixtures.class.getResourceAsStream("/woocommerce/order.json")) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documented order with another id, number, status and modification time. */
  static ObjectNode order(long id, String status, String modifiedGmt) {
    ObjectNode o = order();
    o.put("id", id).put("number", Long.toString(id)).put("status", status);
    o.put("date_modified_gmt", modifiedGmt);
    return o;
  }

  /** An order without any tracking meta. */
  static ObjectNode untracked(long id, String status, String modifiedGmt) {
    ObjectNode o = order(id, status, modifiedGmt);
    o.putArray("meta_data");
    return o;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connector settings for tests, short timeouts. */
  record Config(
      Duration timeout,
      int pageSize,
      Duration sweepInterval,
      Duration sweepOverlap,
      Duration tick,
      int pagesPerStep,
      boolean allowLocalHttp,
      Duration lease)
      implements WooConfig {
    static Config defaults() {
      return new Config(
          Duration.ofSeconds(2),
          100,
          Duration.ofMinutes(15),
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          10,
          true,
          Duration.ofMinutes(5));
    }
  }
}
