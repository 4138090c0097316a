package io.deploymcp.api.admission;

import java.util.Map;
import java.util.UUID;

/** Deployments not yet terminal (queued, cloning, building, deploying): in all, and per tenant. */
public record Backlog(int total, Map<UUID, Integer> perTenant) {
  public Backlog {
    perTenant = Map.copyOf(perTenant);
  }

  public int of(UUID tenantId) {
    return perTenant.getOrDefault(tenantId, 0);
  }
}
