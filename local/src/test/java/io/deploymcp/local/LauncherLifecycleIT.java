package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The launcher's own behaviour — start, banner, stop on SIGTERM, stop when a child dies,
 * one-line startup errors — with real embedded PostgreSQL and Temporal but small fake
 * children, so a crash can be staged. {@link LocalStackIT} runs the real API and worker.
 */
class LauncherLifecycleIT {
  private static final Duration START = Duration.ofSeconds(120);

  private OpenTempDir dir;
  private Path tmp;
  private Map<String, String> env;
  private int apiPort;
  private int pgPort;
  private int temporalPort;

  @BeforeEach
  void environment() throws IOException {
    dir = new OpenTempDir();
    tmp = dir.path();
    apiPort = FreePorts.next();
    pgPort = FreePorts.next();
    temporalPort = FreePorts.next();
    env = launcherEnvironment(tmp.resolve("data"), apiPort, pgPort, temporalPort);
    env.put("DP_API_JAR", FakeJars.build(tmp, "io.deploymcp.local.fake.FakeApi").toString());
    env.put("DP_WORKER_JAR", FakeJars.build(tmp, "io.deploymcp.local.fake.FakeWorker").toString());
  }

  @AfterEach
  void removeData() throws IOException {
    dir.close();
  }

  @Test
  void startsPrintsWhatIsMissingAndStopsEverythingOnSigterm(TestInfo info) throws Exception {
    try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info))) {
      launcher.awaitLine(l -> l.contains("Press Ctrl-C to stop everything."), START);

      assertThat(launcher.output())
          .contains("[api] fake api started in 0.1s. DP_ALLOW_LOCAL_REPOS=true")
          .contains("[worker] Started FakeWorker in 0.1 seconds (temporal 127.0.0.1:" + temporalPort + ")")
          .contains("API         http://127.0.0.1:" + apiPort)
          .contains("curl -H \"Authorization: Bearer $(cat " + tmp.resolve("data/api-key") + ")\"")
          .contains("BuildKit    not configured")
          .contains("Kubernetes  not configured")
          .contains("Loki        not configured")
          .contains("registry    not configured");
      List<ProcessHandle> children = launcher.descendants();

      launcher.terminate();

      assertThat(launcher.awaitExit(Duration.ofSeconds(60))).isNotEqualTo(0).isNotEqualTo(1);
      assertThat(launcher.ownLines()).contains("[local] stopped");
      assertReleased(apiPort, pgPort, temporalPort);
      assertThat(children).noneMatch(ProcessHandle::isAlive);
      assertNoStackTrace(launcher.ownLines());
    }
  }

  @Test
  void aCrashedChildStopsEverythingWithNonZeroExit(TestInfo info) throws Exception {
    env.put("FAKE_WORKER_EXIT_AFTER_MS", "4000");
    try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info))) {
      launcher.awaitLine(l -> l.contains("Press Ctrl-C to stop everything."), START);

      launcher.awaitLine(l -> l.equals("[local] the worker exited with code 7; stopping everything."), START);

      assertThat(launcher.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertReleased(apiPort, pgPort, temporalPort);
      assertNoStackTrace(launcher.ownLines());
    }
  }

  @Test
  void portInUseIsOneLineWithWhatToDo(TestInfo info) throws Exception {
    try (ServerSocket taken = new ServerSocket(pgPort, 1, InetAddress.getLoopbackAddress());
        LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info))) {

      assertThat(launcher.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(launcher.lines()).containsExactly(
          "[local] cannot start: port " + pgPort + " (embedded PostgreSQL) is already in use"
              + "; is another local stack running? Stop it, or set DP_EMBEDDED_PG_PORT (or DP_DATABASE_URL)"
              + " to a free port");
    }
  }

  @Test
  void missingApiJarIsOneLineThatSaysHowToBuildIt(TestInfo info) throws Exception {
    env.put("DP_API_JAR", tmp.resolve("nowhere/quarkus-run.jar").toString());
    try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info))) {

      assertThat(launcher.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(launcher.lines()).singleElement().asString()
          .startsWith("[local] cannot start: the API jar is missing (" + tmp.resolve("nowhere/quarkus-run.jar") + ")")
          .contains("./mvnw -B -DskipTests install");
    }
  }

  /** The user's environment minus anything that would point the stack elsewhere. */
  static Map<String, String> launcherEnvironment(Path dataDir, int apiPort, int pgPort, int temporalPort) {
    Map<String, String> env = new HashMap<>(System.getenv());
    List.of("DP_DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "BUILDKIT_HOST", "REGISTRY_HOST",
        "LOKI_PUSH_URL", "LOKI_URL", "KUBECONFIG", "DP_SECRET_KEY", "DP_BOOTSTRAP_API_KEY", "DP_API_JAR", "DP_WORKER_JAR",
        "GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "JAVA_TOOL_OPTIONS", "DOCKER_HOST", "DP_K3S_KUBECONFIG",
        "DP_AUTODETECTED", "DP_BASE_IMAGE_STATIC", "DP_BASE_IMAGE_NODE", "DP_BASE_IMAGE_PYTHON", "DP_BASE_IMAGE_GO",
        "DP_BASE_IMAGE_JAVA").forEach(env::remove);
    env.put("DP_DATA_DIR", dataDir.toString());
    env.put("DP_API_PORT", Integer.toString(apiPort));
    env.put("DP_EMBEDDED_PG_PORT", Integer.toString(pgPort));
    env.put("DP_TEMPORAL_PORT", Integer.toString(temporalPort));
    // Not the default 9464: a developer's own local stack may hold it.
    env.put("DP_WORKER_METRICS_PORT", Integer.toString(FreePorts.next()));
    env.put("DP_READY_TIMEOUT_SECONDS", "120");
    // CI runs with the engine and the registry up: tests of what an unconfigured stack does
    // must not find them. The autodetection IT removes this.
    env.put("DP_AUTODETECT", "false");
    return env;
  }

  static void assertReleased(int... ports) throws InterruptedException {
    for (int port : ports) {
      assertThat(FreePorts.releasedWithin(port, Duration.ofSeconds(10))).as("port %d released", port).isTrue();
    }
  }

  static void assertNoStackTrace(List<String> lines) {
    assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
  }
}
