package io.deploymcp.worker.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host id a restarted worker comes back with (crash/'s WorkerKillIT runs the real restart). */
class WorkerHostIdTest {

  @Test
  void theVariableWins() {
    assertThat(WorkerHostId.resolve(Map.of("DP_WORKER_HOST_ID", "pod-7"), "/tmp", "box")).isEqualTo("pod-7");
  }

  @Test
  void theDefaultIsTheSameOnEveryStartWithTheSameWorkspaceDirectory() {
    Map<String, String> env = Map.of("DP_WORKSPACE_DIR", "/var/dp/ws");
    String first = WorkerHostId.resolve(env, "/tmp", "Build-Box.local");
    assertThat(WorkerHostId.resolve(env, "/tmp", "Build-Box.local")).isEqualTo(first);
    assertThat(first).matches("build-box-local-[0-9a-f]{8}");
  }

  @Test
  void workersWithDirectoriesOfTheirOwnGetQueuesOfTheirOwn() {
    String a = WorkerHostId.resolve(Map.of("DP_WORKSPACE_DIR", "/var/dp/a"), "/tmp", "box");
    String b = WorkerHostId.resolve(Map.of("DP_WORKSPACE_DIR", "/var/dp/b"), "/tmp", "box");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void withoutAWorkspaceDirectoryTheDefaultOneUnderTmpCounts() {
    assertThat(WorkerHostId.resolve(Map.of(), "/tmp", "box"))
        .isEqualTo(WorkerHostId.stableDefault("box", Path.of("/tmp/deploy-mcp-workspaces")))
        .isNotEqualTo(WorkerHostId.resolve(Map.of(), "/var/tmp", "box"));
    // A blank variable is unset, as everywhere else in the worker's settings.
    assertThat(WorkerHostId.resolve(Map.of("DP_WORKER_HOST_ID", " "), "/tmp", "box"))
        .isEqualTo(WorkerHostId.resolve(Map.of(), "/tmp", "box"));
  }
}
