package io.deploymcp.api.temporal;

import java.util.UUID;

/**
 * What starting a deploy needs: the ids go into the workflow input, the names into search
 * attributes and the memo for the Web UI. Nothing here is secret.
 *
 * @param imageRef the image (by digest) a publish or rollback runs, so the workflow skips
 *     checkout and build; null for a deploy from source
 * @param sourceDeploymentId the deployment whose image that is; null for a deploy from source
 */
public record DeployLaunch(
    UUID tenantId,
    String tenantName,
    UUID serviceId,
    String serviceName,
    UUID deploymentId,
    String repo,
    String environment,
    String requestedRef,
    String imageRef,
    UUID sourceDeploymentId) {

  /** A deploy from source. */
  public DeployLaunch(
      UUID tenantId, String tenantName, UUID serviceId, String serviceName, UUID deploymentId, String repo,
      String environment, String requestedRef) {
    this(tenantId, tenantName, serviceId, serviceName, deploymentId, repo, environment, requestedRef, null, null);
  }
}
