package dev.waybill.stores;

import java.util.List;
import java.util.UUID;

/**
 * What other features need to know about a store: identity, branding, defaults, its own API rate
 * limits and the origins allowed to embed its pages.
 */
public record StoreProfile(
    UUID id,
    String slug,
    String name,
    Branding branding,
    String defaultLocale,
    String timeZone,
    RateLimits rateLimits,
    List<String> embedOrigins) {}
