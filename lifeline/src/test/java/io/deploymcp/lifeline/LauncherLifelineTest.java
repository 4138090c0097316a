package io.deploymcp.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real process plays the launcher: {@code sleep}, killed with SIGKILL as a launcher would be. */
class LauncherLifelineTest {
  private Process launcher;

  @AfterEach
  void killLauncher() {
    if (launcher != null) {
      launcher.destroyForcibly();
    }
  }

  @Test
  void withoutTheVariableNothingIsWatched() {
    assertThat(LauncherLifeline.watch(Map.of(), () -> { throw new AssertionError("ran"); })).isEmpty();
    assertThat(LauncherLifeline.watch(Map.of(LauncherLifeline.VARIABLE, " "), () -> { throw new AssertionError("ran"); })).isEmpty();
  }

  @Test
  void aValueThatIsNoLauncherProcessIsRefusedWithTheVariableNamed() {
    assertThatThrownBy(() -> LauncherLifeline.watch(Map.of(LauncherLifeline.VARIABLE, "12a"), () -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("DP_LAUNCHER_PID must be a process id, not '12a'");
    assertThatThrownBy(() -> LauncherLifeline.watch(Map.of(LauncherLifeline.VARIABLE, "1"), () -> {}))
        .hasMessageContaining("must name the launcher's process");
    String self = Long.toString(ProcessHandle.current().pid());
    assertThatThrownBy(() -> LauncherLifeline.watch(Map.of(LauncherLifeline.VARIABLE, self), () -> {}))
        .hasMessageContaining("must name the launcher's process");
  }

  @Test
  void runsOnceTheLauncherIsKilledAndNotBefore() throws Exception {
    launcher = new ProcessBuilder("sleep", "60").start();
    CountDownLatch ran = new CountDownLatch(1);

    LauncherLifeline lifeline = LauncherLifeline.watch(
        Map.of(LauncherLifeline.VARIABLE, Long.toString(launcher.pid())), ran::countDown).orElseThrow();

    assertThat(lifeline.launcherPid()).isEqualTo(launcher.pid());
    assertThat(ran.await(1500, TimeUnit.MILLISECONDS)).as("ran while the launcher lives").isFalse();
    launcher.destroyForcibly();
    assertThat(ran.await(10, TimeUnit.SECONDS)).as("ran after the launcher died").isTrue();
  }

  @Test
  void runsAtOnceWhenTheLauncherIsAlreadyGone() throws Exception {
    launcher = new ProcessBuilder("true").start();
    launcher.waitFor();
    CountDownLatch ran = new CountDownLatch(1);

    LauncherLifeline.watch(Map.of(LauncherLifeline.VARIABLE, Long.toString(launcher.pid())), ran::countDown);

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aChildJvmEndsItselfWhenItsLauncherIsKilled() throws Exception {
    launcher = new ProcessBuilder("sleep", "60").start();
    Process child = childJvm(launcher.pid());
    try {
      assertThat(child.waitFor(2, TimeUnit.SECONDS)).as("child still running beside its launcher").isFalse();

      launcher.destroyForcibly();

      assertThat(child.waitFor(15, TimeUnit.SECONDS)).as("child ended after its launcher").isTrue();
      assertThat(child.exitValue()).isEqualTo(LifelineChild.EXIT_CODE);
    } finally {
      child.destroyForcibly();
    }
  }

  private static Process childJvm(long launcherPid) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LifelineChild.class.getName())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put(LauncherLifeline.VARIABLE, Long.toString(launcherPid));
    return builder.start();
  }
}
