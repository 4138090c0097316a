package io.deploymcp.workflows;

import java.util.UUID;

/**
 * Workflow ids derived from database ids, so a retried start of the same deployment is
 * deduplicated by Temporal and an operator can find a deploy in the Web UI from its id.
 */
public final class WorkflowIds {
  private WorkflowIds() {}

  public static String deploy(UUID deploymentId) {
    return "deploy-" + deploymentId;
  }

  public static String deleteService(UUID serviceId) {
    return "delete-service-" + serviceId;
  }
}
