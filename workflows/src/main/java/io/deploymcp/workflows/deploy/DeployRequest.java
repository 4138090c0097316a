package io.deploymcp.workflows.deploy;

import java.util.UUID;

/**
 * Input of {@link DeployWorkflow}: identifiers only, never tokens or env values.
 *
 * @param imageRef the image to run, by digest, when it is already built: a publish (the
 *     preview's image to production) or a rollback (an earlier deployment's image). Null for a
 *     deploy from source, which checks out and builds first.
 */
public record DeployRequest(UUID tenantId, UUID serviceId, UUID deploymentId, String imageRef) {
  /** A deploy from source. */
  public DeployRequest(UUID tenantId, UUID serviceId, UUID deploymentId) {
    this(tenantId, serviceId, deploymentId, null);
  }
}
