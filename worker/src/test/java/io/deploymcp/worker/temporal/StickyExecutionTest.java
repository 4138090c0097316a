package io.deploymcp.worker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Why DP_WORKFLOW_STICKY_TIMEOUT=0 exists: on Temporal's test server (the local stack's), a
 * workflow whose worker went away without a word stays on that worker's sticky queue for good;
 * with sticky execution off, another worker takes its next task.
 */
class StickyExecutionTest {
  private static final String QUEUE = "sticky-test";

  @WorkflowInterface
  public interface WaitForGo {
    @WorkflowMethod
    String run();

    @SignalMethod
    void go();
  }

  public static class WaitForGoImpl implements WaitForGo {
    private boolean go;

    @Override
    public String run() {
      Workflow.await(() -> go);
      return "done";
    }

    @Override
    public void go() {
      go = true;
    }
  }

  @Test
  void withStickyExecutionOffAnotherWorkerTakesOverAWorkflowWhoseWorkerVanished() throws Exception {
    assertThat(finishesOnSecondWorker(new StickyExecution("0"))).isTrue();
  }

  @Test
  void withTheDefaultTheTestServerLeavesItWaitingForTheVanishedWorker() throws Exception {
    assertThat(finishesOnSecondWorker(new StickyExecution(""))).isFalse();
  }

  @Test
  void badValuesStopTheStartWithTheVariablesName() {
    assertThat(StickyExecution.parse("")).isEmpty();
    assertThat(StickyExecution.parse("0")).contains(Duration.ZERO);
    assertThat(StickyExecution.parse("5s")).contains(Duration.ofSeconds(5));
    assertThatThrownBy(() -> StickyExecution.parse("never"))
        .hasMessage("DP_WORKFLOW_STICKY_TIMEOUT='never' is not a duration (e.g. 0, 5s)");
    assertThatThrownBy(() -> StickyExecution.parse("-1s")).hasMessageContaining("is negative");
  }

  /**
   * The first worker runs the workflow's first task and then its connection dies without a word
   * to the server (as a killed process's does: its cache dies with it); a second worker, on a
   * connection of its own, then polls, and a signal asks for the next task.
   */
  private static boolean finishesOnSecondWorker(StickyExecution sticky) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true); // real time
    WorkflowServiceStubs firstConnection = connect(port);
    WorkflowServiceStubs secondConnection = connect(port);
    try {
      WorkerOptions options = sticky.customize(WorkerOptions.newBuilder(), "worker", QUEUE).build();
      WorkerFactory first = WorkerFactory.newInstance(WorkflowClient.newInstance(firstConnection));
      first.newWorker(QUEUE, options).registerWorkflowImplementationTypes(WaitForGoImpl.class);
      first.start();
      WorkflowClient client = WorkflowClient.newInstance(secondConnection);
      WaitForGo workflow =
          client.newWorkflowStub(
              WaitForGo.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("w-" + UUID.randomUUID()).build());
      WorkflowExecution execution = WorkflowClient.start(workflow::run);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (historyLength(secondConnection, execution) < 4 && System.nanoTime() < deadline) {
        Thread.sleep(50); // until the first workflow task completed on the first worker
      }
      firstConnection.shutdownNow();
      first.shutdownNow();
      WorkerFactory second = WorkerFactory.newInstance(client);
      second.newWorker(QUEUE, options).registerWorkflowImplementationTypes(WaitForGoImpl.class);
      second.start();
      workflow.go();
      try {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (System.nanoTime() < until) {
          WorkflowExecutionStatus status = describe(secondConnection, execution).getStatus();
          if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            assertThat(status).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
            return true;
          }
          Thread.sleep(100);
        }
        return false;
      } finally {
        second.shutdownNow();
      }
    } finally {
      secondConnection.shutdownNow();
      server.close();
    }
  }

  private static WorkflowServiceStubs connect(int port) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
  }

  private static long historyLength(WorkflowServiceStubs stubs, WorkflowExecution execution) {
    return describe(stubs, execution).getHistoryLength();
  }

  private static WorkflowExecutionInfo describe(WorkflowServiceStubs stubs, WorkflowExecution execution) {
    return stubs.blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default").setExecution(execution).build())
        .getWorkflowExecutionInfo();
  }
}
