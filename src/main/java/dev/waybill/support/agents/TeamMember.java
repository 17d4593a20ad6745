package dev.waybill.support.agents;

import java.util.UUID;

/** A person in a store's support team as its admins see them on the console's team page. */
public record TeamMember(UUID id, String email, String name, AgentRole role, boolean disabled) {}
