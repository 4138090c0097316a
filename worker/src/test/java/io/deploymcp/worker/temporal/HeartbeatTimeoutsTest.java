package io.deploymcp.worker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.workflows.activities.BuildActivities;
import io.deploymcp.workflows.activities.CheckoutActivities;
import io.deploymcp.workflows.activities.ClusterActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** DP_HEARTBEAT_TIMEOUT: parsed, checked, and really in effect for the activities a workflow schedules. */
class HeartbeatTimeoutsTest {
  private static final String QUEUE = "heartbeat-timeouts-test";

  @WorkflowInterface
  public interface ApplyOnce {
    @WorkflowMethod
    long applyAndReportHeartbeatTimeoutMillis();
  }

  /** Names a 30 s heartbeat timeout in code, as DeployWorkflowImpl does for its long activities. */
  public static class ApplyOnceImpl implements ApplyOnce {
    @Override
    public long applyAndReportHeartbeatTimeoutMillis() {
      ClusterActivities cluster =
          Workflow.newActivityStub(
              ClusterActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setHeartbeatTimeout(Duration.ofSeconds(30))
                  .build());
      cluster.apply(UUID.randomUUID(), "image");
      return Workflow.newActivityStub(
              ReportedTimeout.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build())
          .lastSeen();
    }
  }

  @io.temporal.activity.ActivityInterface
  public interface ReportedTimeout {
    long lastSeen();
  }

  /** Remembers the heartbeat timeout Temporal gave the apply. */
  static final class RecordingCluster implements ClusterActivities, ReportedTimeout {
    volatile long heartbeatMillis = -1;

    @Override
    public void apply(UUID deploymentId, String imageRef) {
      heartbeatMillis = Activity.getExecutionContext().getInfo().getHeartbeatTimeout().toMillis();
    }

    @Override
    public void awaitRollout(UUID deploymentId) {}

    @Override
    public void removeService(UUID serviceId) {}

    @Override
    public long lastSeen() {
      return heartbeatMillis;
    }
  }

  @Test
  void unsetKeepsTheWorkflowsOwnTimeouts() throws Exception {
    assertThat(heartbeatTimeoutTheApplyGets("")).isEqualTo(30_000);
  }

  @Test
  void setOverridesTheTimeoutTheWorkflowCodeNames() throws Exception {
    assertThat(heartbeatTimeoutTheApplyGets("4s")).isEqualTo(4_000);
  }

  @Test
  void badValuesStopTheStartWithTheVariablesName() {
    assertThat(HeartbeatTimeouts.parse(" ")).isEmpty();
    assertThat(HeartbeatTimeouts.parse("1m")).contains(Duration.ofMinutes(1));
    assertThatThrownBy(() -> HeartbeatTimeouts.parse("soon"))
        .hasMessage("DP_HEARTBEAT_TIMEOUT='soon' is not a duration (e.g. 10s, 1m)");
    assertThatThrownBy(() -> HeartbeatTimeouts.parse("1s"))
        .hasMessageStartingWith("DP_HEARTBEAT_TIMEOUT=1s is below 3s");
  }

  @Test
  void heartbeatsAreSentAtLeastEveryThirdOfTheShortestTimeout() {
    assertThat(new HeartbeatThrottle(new HeartbeatTimeouts("3s"))
            .customize(io.temporal.worker.WorkerOptions.newBuilder(), "w", "q").build().getMaxHeartbeatThrottleInterval())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(new HeartbeatThrottle(new HeartbeatTimeouts(""))
            .customize(io.temporal.worker.WorkerOptions.newBuilder(), "w", "q").build().getMaxHeartbeatThrottleInterval())
        .isEqualTo(Duration.ofSeconds(10).dividedBy(3));
  }

  @Test
  void theOverriddenTypesAreTheActivitiesThatHeartbeat() {
    List<String> types =
        Stream.of(CheckoutActivities.class, BuildActivities.class, ClusterActivities.class)
            .flatMap(i -> POJOActivityInterfaceMetadata.newInstance(i).getMethodsMetadata().stream())
            .map(POJOActivityMethodMetadata::getActivityTypeName)
            .toList();
    assertThat(types).containsAll(HeartbeatTimeouts.HEARTBEATING);
  }

  private static long heartbeatTimeoutTheApplyGets(String setting) throws Exception {
    HeartbeatTimeouts timeouts = new HeartbeatTimeouts(setting);
    Optional<Duration> expected = HeartbeatTimeouts.parse(setting);
    assertThat(timeouts.timeout()).isEqualTo(expected);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(QUEUE);
      WorkflowImplementationOptions options =
          timeouts.customize(WorkflowImplementationOptions.newBuilder(), worker, ApplyOnceImpl.class, null).build();
      worker.registerWorkflowImplementationTypes(options, ApplyOnceImpl.class);
      worker.registerActivitiesImplementations(new RecordingCluster());
      env.start();
      ApplyOnce workflow =
          env.getWorkflowClient()
              .newWorkflowStub(ApplyOnce.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
      return WorkflowClient.execute(workflow::applyAndReportHeartbeatTimeoutMillis).get();
    }
  }
}
