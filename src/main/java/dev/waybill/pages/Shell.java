package dev.waybill.pages;

import dev.waybill.stores.Theme;

/** What every page's frame shows: the store's name, logo and colours, in the shopper's language. */
public record Shell(String storeName, String logoUrl, Theme theme, Labels labels) {}
