package io.deploymcp.api.support;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads Temporal directly: which workflows the API really started, with what. */
public final class Workflows {
  private final WorkflowClient client;

  public Workflows(WorkflowClient client) {
    this.client = client;
  }

  private WorkflowServiceStubs stubs() {
    return client.getWorkflowServiceStubs();
  }

  private String namespace() {
    return client.getOptions().getNamespace();
  }

  /** Every open (running) workflow of the namespace. */
  public List<WorkflowExecutionInfo> open() {
    List<WorkflowExecutionInfo> all = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsResponse page =
          stubs()
              .blockingStub()
              .listOpenWorkflowExecutions(
                  ListOpenWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(namespace())
                      .setMaximumPageSize(1000)
                      .setNextPageToken(token)
                      .build());
      all.addAll(page.getExecutionsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  public int openCount() {
    return open().size();
  }

  public Optional<DescribeWorkflowExecutionResponse> describe(String workflowId) {
    try {
      return Optional.of(
          stubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build()));
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public History history(String workflowId) {
    return stubs()
        .blockingStub()
        .getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(namespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build())
        .getHistory();
  }
}
