package dev.waybill.insights.promises;

import io.vertx.mutiny.sqlclient.Row;

/** Reads a {@code delivery_history} row as the model counts it. */
final class HistorySamples {

  private HistorySamples() {}

  static Sample of(Row r) {
    String country = r.getString("destination_country");
    return new Sample(
        r.getString("carrier_code"),
        r.getString("service_level"),
        Regions.of(
            r.getString("origin_country"),
            r.getString("origin_postal_code"),
            r.getString("origin_region")),
        Regions.of(
            country, r.getString("destination_postal_code"), r.getString("destination_region")),
        country,
        r.getLocalDate("ship_date"),
        r.getLocalDate("delivery_date"));
  }
}
