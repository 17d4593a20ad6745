package dev.waybill.stores;

import java.util.UUID;

/** What other features need to know about a store: identity, branding and defaults. */
public record StoreProfile(
    UUID id, String slug, String name, Branding branding, String defaultLocale, String timeZone) {}
