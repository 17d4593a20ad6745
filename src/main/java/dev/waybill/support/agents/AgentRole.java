package dev.waybill.support.agents;

/** What an agent may do in the console. */
public enum AgentRole {
  /** Reads orders and cases, adds notes and changes case status. */
  AGENT,
  /** Everything an agent does, plus managing the store's team in the console. */
  ADMIN;

  public String role() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
