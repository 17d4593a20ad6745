package dev.waybill.support;

/** Which cases a list asks for. */
public record CaseFilter(
    CaseStatus status, CaseType type, String orderNumber, String cursor, int limit) {}
