package dev.waybill.platform.config;

/**
 * What a pod does, from {@code WAYBILL_ROLE}. One image serves every role, so a small install runs
 * everything in one pod and a large one scales HTTP and background work apart.
 */
public enum Role {
  /** HTTP and background work: the default, for single-pod installs and dev mode. */
  ALL,
  /** HTTP only: the API, shopper pages and console. Background work is skipped. */
  API,
  /** Background work: carrier polling, carrier webhooks, notifications. HTTP serves health only. */
  WORKER,
  /** Migrates the schema and exits. */
  MIGRATE;

  public boolean runsWorkers() {
    return this == ALL || this == WORKER;
  }
}
