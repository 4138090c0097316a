package io.deploymcp.worker.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.rollout.RolloutProgress;
import io.deploymcp.store.logs.LineMasker;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rollout progress as deployment_events rows (V12), against the real PostgreSQL. */
class RolloutEventsTest {
  private final Fixtures fixtures = new Fixtures();
  private final UUID tenant = fixtures.tenant();
  private final UUID service = fixtures.service(tenant, "https://git.example.com/r.git", "main");

  private static RolloutProgress progress(int ready, String reason, String status) {
    return new RolloutProgress(ready, 1,
        List.of(new RolloutProgress.Pod("svc-abc-1", "Running", ready == 1, 0, reason)), status);
  }

  private List<String> rollouts(UUID id) {
    return TestDatabase.jdbc()
        .sql("select data::text from deployment_events where deployment_id = ? and kind = 'rollout' order by seq")
        .param(id).query(String.class).list();
  }

  @Test
  void recordsProgressOnlyWhenCountsOrPodsChangeWithTheStatusLineMasked() {
    UUID id = fixtures.deployment(tenant, service, "production", "main");
    String secret = "hunter2-very-secret";
    RolloutEvents.Recorder recorder =
        new RolloutEvents(TestDatabase.jdbc()).recorder(id, LineMasker.of(List.of(secret))::mask);

    recorder.record(progress(0, "ContainerCreating", "0/1 new pods ready; env " + secret));
    recorder.record(progress(0, "ContainerCreating", "0/1 new pods ready; worded again"));
    recorder.record(progress(1, null, "1/1 new pods ready"));

    List<String> rows = rollouts(id);
    assertThat(rows).hasSize(2);
    assertThat(rows.getFirst()).contains("\"reason\": \"ContainerCreating\"").contains("\"ready\": 0")
        .doesNotContain(secret);
    assertThat(rows.getLast()).contains("\"ready\": 1").contains("\"desired\": 1");
    // After the phase event V12's trigger wrote for the insert: seq 1 is the queued phase.
    assertThat(TestDatabase.jdbc().sql("select seq from deployment_events where deployment_id = ? order by seq")
        .param(id).query(Long.class).list()).containsExactly(1L, 2L, 3L);
  }
}
