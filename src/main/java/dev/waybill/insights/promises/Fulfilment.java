package dev.waybill.insights.promises;

import java.time.LocalTime;
import java.time.ZoneId;

/** A store's fulfilment settings, as promises need them. */
public record Fulfilment(ZoneId zone, int processingDays, LocalTime cutoff) {}
