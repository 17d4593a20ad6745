package dev.waybill.support.agents;

import java.util.UUID;

/** A store an agent may see in the console. */
public record ConsoleStore(UUID id, String slug, String name) {}
