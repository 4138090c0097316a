package io.deploymcp.worker.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What SIGTERM does to a worker in the middle of an activity: Spring's ContextClosedEvent calls
 * {@link WorkerLifecycle#drain()}, here called directly on a real WorkerFactory polling
 * Temporal's test server. Within the bound the activity finishes; past it, it is interrupted
 * (and Temporal would retry it on another worker).
 */
class WorkerLifecycleTest {
  private static final String QUEUE = "lifecycle-test";

  @ActivityInterface
  public interface Slow {
    @ActivityMethod
    String work(long millis);
  }

  @WorkflowInterface
  public interface OneActivity {
    @WorkflowMethod
    String run(long millis);
  }

  public static class OneActivityImpl implements OneActivity {
    @Override
    public String run(long millis) {
      return Workflow.newActivityStub(
              Slow.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build())
          .work(millis);
    }
  }

  /** Sleeps, and records whether it finished or was interrupted. */
  static final class SlowImpl implements Slow {
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicReference<String> outcome = new AtomicReference<>("running");

    @Override
    public String work(long millis) {
      started.countDown();
      try {
        Thread.sleep(millis);
        outcome.set("finished");
        return "done";
      } catch (InterruptedException e) {
        outcome.set("interrupted");
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private TestWorkflowEnvironment env;
  private WorkerFactory factory;
  private SlowImpl activity;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    factory = env.getWorkerFactory();
    Worker worker = factory.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(OneActivityImpl.class);
    activity = new SlowImpl();
    worker.registerActivitiesImplementations(activity);
    factory.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private void startWorkflow(long millis) throws InterruptedException {
    WorkflowClient.start(
        env.getWorkflowClient()
            .newWorkflowStub(OneActivity.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build())::run,
        millis);
    assertThat(activity.started.await(20, TimeUnit.SECONDS)).as("activity started").isTrue();
  }

  @Test
  void aRunningActivityFinishesBeforeTheWorkerStops() throws Exception {
    startWorkflow(1500);
    long t0 = System.nanoTime();
    new WorkerLifecycle(factory, Duration.ofSeconds(30)).drain();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(activity.outcome.get()).isEqualTo("finished");
    assertThat(factory.isTerminated()).isTrue();
    assertThat(ms).as("drain waited for the activity, not for the bound").isBetween(500L, 15_000L);
  }

  @Test
  void pastTheBoundTheActivityIsInterruptedAndHandedBack() throws Exception {
    startWorkflow(60_000);
    long t0 = System.nanoTime();
    new WorkerLifecycle(factory, Duration.ofMillis(300)).drain();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(ms).isLessThan(10_000L);
    assertThat(factory.isShutdown()).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (activity.outcome.get().equals("running") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(activity.outcome.get()).isEqualTo("interrupted");
  }

  @Test
  void anIdleWorkerStopsAtOnce() throws Exception {
    long t0 = System.nanoTime();
    new WorkerLifecycle(factory, Duration.ofSeconds(30)).drain();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000L);
    assertThat(factory.isTerminated()).isTrue();
  }

  @Test
  void aNegativeBoundIsRefused() {
    assertThatThrownBy(() -> new WorkerLifecycle(factory, Duration.ofSeconds(-1)))
        .hasMessageContaining("DP_WORKER_SHUTDOWN_TIMEOUT must not be negative");
  }
}
