package io.deploymcp.workflows.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.workflows.delete.DeleteServiceWorkflowImpl;
import io.deploymcp.workflows.deploy.DeployWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every committed history against the current workflow code: a change that would
 * break executions already running in production (non-determinism) fails the build.
 */
class HistoryReplayTest {

  static List<Path> histories() throws Exception {
    Path dir = Path.of(HistoryReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      // Guards against a lost directory turning this test into a silent no-op.
      assertThat(found).hasSizeGreaterThanOrEqualTo(8);
      return found;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replaysCommittedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        Files.readString(history), DeployWorkflowImpl.class, DeleteServiceWorkflowImpl.class);
  }
}
