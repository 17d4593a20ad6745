package dev.waybill.platform.errors;

/** One invalid field: its JSON path (for example {@code customer.email}) and what is wrong. */
public record FieldError(String field, String message) {}
