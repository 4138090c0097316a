package io.deploymcp.workflows.delete;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Deletes a service: cancels every running deploy of it, then removes its cluster objects.
 * Its workflow id is {@code WorkflowIds.deleteService(serviceId)}.
 */
@WorkflowInterface
public interface DeleteServiceWorkflow {
  @WorkflowMethod
  void delete(DeleteServiceRequest request);
}
