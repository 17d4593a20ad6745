package dev.waybill.support.agents;

import java.util.UUID;

/** A store an agent may see in the console, with what they may do there. */
public record ConsoleStore(UUID id, String slug, String name, AgentRole role) {

  /** Whether the agent manages this store's team. */
  public boolean admin() {
    return role == AgentRole.ADMIN;
  }
}
