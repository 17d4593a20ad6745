package dev.waybill.insights.promises;

/** One carrier and service the store ships with, from its most used origin. */
public record CarrierService(
    String carrier,
    String service,
    String originRegion,
    String originCountry,
    long deliveries,
    Integer publishedMinDays,
    Integer publishedMaxDays) {}
