package io.deploymcp.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The two bounds of {@link DeployAdmission} and how it reads the backlog, with a fake backlog and clock. */
class DeployAdmissionTest {
  private static final UUID TENANT = UUID.randomUUID();
  private static final UUID OTHER = UUID.randomUUID();

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicInteger reads = new AtomicInteger();
  private final Map<UUID, Integer> stored = new HashMap<>();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  private DeployAdmission admission(int inFlight, int active, int perTenant) {
    BacklogSource source = () -> {
      reads.incrementAndGet();
      return new Backlog(stored.values().stream().mapToInt(Integer::intValue).sum(), stored);
    };
    return new DeployAdmission(bounds(inFlight, active, perTenant), source, now::get, metrics);
  }

  private static ApiConfig.Admission bounds(int inFlight, int active, int perTenant) {
    return new ApiConfig.Admission() {
      @Override
      public int writesInFlight() {
        return inFlight;
      }

      @Override
      public int activeDeployments() {
        return active;
      }

      @Override
      public int activeDeploymentsPerTenant() {
        return perTenant;
      }

      @Override
      public Duration backlogTtl() {
        return Duration.ofSeconds(1);
      }
    };
  }

  private static void assertRefused(Runnable admit, String code, String retryAfter) {
    assertThatThrownBy(admit::run)
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.code().name()).isEqualTo(code);
          assertThat(p.code().status()).isEqualTo(503);
          assertThat(p.headers()).containsEntry("Retry-After", retryAfter);
          assertThat(p.hint()).startsWith("Nothing was changed.");
        });
  }

  @Test
  void pastTheWritesInFlightTheNextIsRefusedAtOnceAndAClosedPermitFreesItsPlace() {
    DeployAdmission admission = admission(2, 100, 100);
    DeployAdmission.Permit first = admission.admit(TENANT);
    DeployAdmission.Permit second = admission.admit(OTHER);

    assertRefused(() -> admission.admit(TENANT), "WRITES_OVERLOADED", "1");
    first.close();
    first.close(); // twice frees one place, not two
    DeployAdmission.Permit third = admission.admit(TENANT);
    assertRefused(() -> admission.admit(TENANT), "WRITES_OVERLOADED", "1");
    second.close();
    third.close();
    assertThat(metrics.counter("dp.admission.refused", "bound", "in_flight").count()).isEqualTo(2);
  }

  @Test
  void aRefusalPastTheBacklogFreesTheInFlightPlaceItTook() {
    stored.put(TENANT, 5);
    DeployAdmission admission = admission(1, 100, 5);
    for (int i = 0; i < 3; i++) {
      assertRefused(() -> admission.admit(TENANT), "DEPLOY_BACKLOG_FULL", "5");
    }
    admission.admit(OTHER).close(); // the single place is free again
  }

  @Test
  void aTenantAtItsBoundIsRefusedWhileOthersAreAdmitted() {
    stored.put(TENANT, 2);
    DeployAdmission admission = admission(10, 100, 3);
    admission.admit(TENANT).close(); // the third: what it adds counts until the next reading
    assertRefused(() -> admission.admit(TENANT), "DEPLOY_BACKLOG_FULL", "5");
    for (int i = 0; i < 3; i++) {
      admission.admit(OTHER).close();
    }
    assertRefused(() -> admission.admit(OTHER), "DEPLOY_BACKLOG_FULL", "5");
    assertThat(metrics.counter("dp.admission.refused", "bound", "tenant_backlog").count()).isEqualTo(2);
  }

  @Test
  void theInstallationsBoundCountsEveryTenant() {
    stored.put(TENANT, 6);
    stored.put(OTHER, 3);
    DeployAdmission admission = admission(10, 10, 100);
    UUID third = UUID.randomUUID();
    admission.admit(third).close();
    assertRefused(() -> admission.admit(UUID.randomUUID()), "DEPLOY_BACKLOG_FULL", "5");
    assertThat(metrics.counter("dp.admission.refused", "bound", "backlog").count()).isEqualTo(1);
  }

  @Test
  void theBacklogIsReadOncePerTtlAndAFinishedDeploymentAdmitsAgainAfterIt() {
    stored.put(TENANT, 3);
    DeployAdmission admission = admission(10, 100, 3);
    for (int i = 0; i < 5; i++) {
      assertRefused(() -> admission.admit(TENANT), "DEPLOY_BACKLOG_FULL", "5");
    }
    assertThat(reads).hasValue(1);

    stored.put(TENANT, 2); // one finished
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertRefused(() -> admission.admit(TENANT), "DEPLOY_BACKLOG_FULL", "5");
    assertThat(reads).as("still within the TTL").hasValue(1);
    now.addAndGet(Duration.ofMillis(2).toNanos());
    admission.admit(TENANT).close();
    assertThat(reads).hasValue(2);
    assertRefused(() -> admission.admit(TENANT), "DEPLOY_BACKLOG_FULL", "5");
  }

  @Test
  void manyThreadsAtOnceNeverHoldMoreThanTheBound() throws Exception {
    DeployAdmission admission = admission(4, 1_000_000, 1_000_000);
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 2_000; i++) {
          try (DeployAdmission.Permit permit = admission.admit(TENANT)) {
            most.accumulateAndGet(holding.incrementAndGet(), Math::max);
            admitted.incrementAndGet();
            holding.decrementAndGet();
          } catch (ApiProblem refused) {
            // the bound was full at that moment
          }
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(most.get()).isBetween(1, 4);
    assertThat(admitted.get()).isPositive();
    admission.admit(TENANT).close(); // every place was given back
    for (int i = 0; i < 4; i++) {
      admission.admit(TENANT);
    }
    assertRefused(() -> admission.admit(TENANT), "WRITES_OVERLOADED", "1");
  }
}
