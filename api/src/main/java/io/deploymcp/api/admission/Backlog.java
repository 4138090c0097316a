package io.deploymcp.api.admission;

import java.util.Map;
import java.util.UUID;

/** Deployments not yet terminal (queued, cloning, building, deploying): in all, and per tenant. */
public record Backlog(int total, Map<UUID, Integer> perTenant, int queued) {
  public Backlog {
    perTenant = Map.copyOf(perTenant);
  }

  /** Without the count of those still queued (tests of admission alone). */
  public Backlog(int total, Map<UUID, Integer> perTenant) {
    this(total, perTenant, 0);
  }

  public int of(UUID tenantId) {
    return perTenant.getOrDefault(tenantId, 0);
  }
}
