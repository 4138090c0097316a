package io.deploymcp.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.worker.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The project lock on the real test PostgreSQL; several {@link ProjectLocks} act as several workers. */
class ProjectLocksTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private static ProjectLocks worker() {
    return new ProjectLocks(TestDatabase.dataSource());
  }

  private static String namespace() {
    return "dp-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void holdersOfOneNamespaceNeverOverlapAcrossWorkers() throws Exception {
    String namespace = namespace();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      ProjectLocks locks = worker();
      workers.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 10; i++) {
          locks.withLock(namespace, LONG, status -> {}, () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            sleep(3);
            inside.decrementAndGet();
            return null;
          });
        }
      }, Thread::startVirtualThread));
    }
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(most).hasValue(1);
  }

  @Test
  void anotherNamespaceIsNotHeldUp() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() ->
        worker().withLock("dp-a-" + UUID.randomUUID().toString().substring(0, 8), LONG, s -> {}, () -> {
          held.countDown();
          await(release);
          return null;
        }), Thread::startVirtualThread);
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    String result = worker().withLock(namespace(), LONG, s -> {}, () -> "done");

    assertThat(result).isEqualTo("done");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    release.countDown();
    holder.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aWaiterReportsWhileWaitingAndGivesUpBusyAfterItsMaximum() throws Exception {
    String namespace = namespace();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() ->
        worker().withLock(namespace, LONG, s -> {}, () -> {
          held.countDown();
          await(release);
          return null;
        }), Thread::startVirtualThread);
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
    List<String> reports = new CopyOnWriteArrayList<>();
    AtomicInteger ran = new AtomicInteger();

    assertThatThrownBy(() -> worker().withLock(namespace, Duration.ofSeconds(3), reports::add, ran::incrementAndGet))
        .isInstanceOf(ProjectLocks.BusyException.class)
        .hasMessage("namespace " + namespace + " was busy with another operation for 3 s");

    assertThat(ran).hasValue(0);
    assertThat(reports).isNotEmpty().allMatch(r -> r.startsWith("waiting ") && r.endsWith("namespace " + namespace));
    release.countDown();
    holder.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aWaiterGetsTheLockAsSoonAsTheHolderIsDone() throws Exception {
    String namespace = namespace();
    CountDownLatch held = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() ->
        worker().withLock(namespace, LONG, s -> {}, () -> {
          held.countDown();
          sleep(500);
          order.add("holder done");
          return null;
        }), Thread::startVirtualThread);
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

    worker().withLock(namespace, LONG, s -> {}, () -> order.add("waiter in"));

    assertThat(order).containsExactly("holder done", "waiter in");
    holder.get(10, TimeUnit.SECONDS);
  }

  @Test
  void failingWorkOrAFailingReportReleasesTheLock() {
    String namespace = namespace();
    ProjectLocks locks = worker();

    assertThatThrownBy(() -> locks.withLock(namespace, LONG, s -> {}, () -> {
      throw new IllegalStateException("apply failed");
    })).hasMessage("apply failed");

    assertThat(worker().withLock(namespace, Duration.ofSeconds(1), s -> {
      throw new AssertionError("the lock should be free");
    }, () -> "free")).isEqualTo("free");
  }

  @Test
  void aWaitThatIsCancelledStopsWaiting() throws Exception {
    String namespace = namespace();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() ->
        worker().withLock(namespace, LONG, s -> {}, () -> {
          held.countDown();
          await(release);
          return null;
        }), Thread::startVirtualThread);
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

    // The activity's heartbeat throws when the workflow cancelled it.
    assertThatThrownBy(() -> worker().withLock(namespace, LONG, s -> {
      throw new IllegalStateException("cancelled");
    }, () -> "never")).hasMessage("cancelled");

    release.countDown();
    holder.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aWorkerWhoseSessionDiesReleasesTheLock() throws Exception {
    String namespace = namespace();
    try (Connection crashed = TestDatabase.dataSource().getConnection();
        PreparedStatement lock = crashed.prepareStatement("select pg_advisory_lock(?)")) {
      lock.setLong(1, ProjectLocks.key(namespace));
      lock.execute();
      assertThatThrownBy(() -> worker().withLock(namespace, Duration.ofSeconds(1), s -> {}, () -> "x"))
          .isInstanceOf(ProjectLocks.BusyException.class);
    } // the connection closes: the session ends

    assertThat(worker().withLock(namespace, LONG, s -> {}, () -> "after")).isEqualTo("after");
  }

  @Test
  void keysAreStablePerNamespaceAndDiffer() {
    assertThat(ProjectLocks.key("dp-acme-shop")).isEqualTo(ProjectLocks.key("dp-acme-shop"));
    assertThat(ProjectLocks.key("dp-acme-shop")).isNotEqualTo(ProjectLocks.key("dp-acme-shop2"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
