package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchSettingsTest {
  @TempDir Path cwd;

  @Test
  void defaultsMatchTheDocumentedLocalStack() {
    LaunchSettings s = LaunchSettings.from(Map.of(), cwd, Optional.empty());

    assertThat(s.dataDir()).isEqualTo(cwd.resolve(".dp-data"));
    assertThat(s.apiPort()).isEqualTo(8080);
    assertThat(s.postgresPort()).isEqualTo(54329);
    assertThat(s.temporalPort()).isEqualTo(7233);
    assertThat(s.embeddedPostgres()).isTrue();
    assertThat(s.embeddedTemporal()).isTrue();
    assertThat(s.readyTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.apiUrl()).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void environmentOverridesPortsJarsAndServices() {
    LaunchSettings s = LaunchSettings.from(Map.of(
        "DP_DATA_DIR", "data",
        "DP_API_PORT", "18080",
        "DP_EMBEDDED_PG_PORT", "15432",
        "DP_TEMPORAL_PORT", "17233",
        "DP_API_JAR", "/opt/api.jar",
        "DP_WORKER_JAR", "w.jar",
        "DP_DATABASE_URL", "jdbc:postgresql://db:5432/dp",
        "TEMPORAL_ADDRESS", "temporal:7233",
        "DP_API_JAVA_OPTS", " -Xmx64m  -XX:+UseSerialGC "), cwd, Optional.empty());

    assertThat(s.dataDir()).isEqualTo(cwd.resolve("data"));
    assertThat(s.apiPort()).isEqualTo(18080);
    assertThat(s.postgresPort()).isEqualTo(15432);
    assertThat(s.temporalPort()).isEqualTo(17233);
    assertThat(s.apiJar()).isEqualTo(Path.of("/opt/api.jar"));
    assertThat(s.workerJar()).isEqualTo(cwd.resolve("w.jar"));
    assertThat(s.embeddedPostgres()).isFalse();
    assertThat(s.embeddedTemporal()).isFalse();
    assertThat(s.apiJavaOptions()).containsExactly("-Xmx64m", "-XX:+UseSerialGC");
  }

  @Test
  void emptyJavaOptionsMeanNone() {
    assertThat(LaunchSettings.from(Map.of("DP_WORKER_JAVA_OPTS", ""), cwd, Optional.empty()).workerJavaOptions())
        .isEmpty();
  }

  @Test
  void rejectsPortThatIsNotANumberNamingTheVariable() {
    assertThatThrownBy(() -> LaunchSettings.from(Map.of("DP_API_PORT", "http"), cwd, Optional.empty()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("DP_API_PORT")
        .hasMessageContaining("'http'");
  }

  @Test
  void rejectsPortOutOfRange() {
    assertThatThrownBy(() -> LaunchSettings.from(Map.of("DP_TEMPORAL_PORT", "70000"), cwd, Optional.empty()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("DP_TEMPORAL_PORT is 70000");
  }

  @Test
  void findsRepoRootFromLauncherJarWhateverTheWorkingDirectory() throws IOException {
    Path root = repo(cwd.resolve("checkout"));
    Path elsewhere = Files.createDirectories(cwd.resolve("elsewhere"));

    LaunchSettings s = LaunchSettings.from(
        Map.of(), elsewhere, Optional.of(root.resolve("local/target/local-stack.jar")));

    assertThat(s.apiJar()).isEqualTo(root.resolve("api/target/quarkus-app/quarkus-run.jar"));
    assertThat(s.workerJar()).isEqualTo(root.resolve("worker/target/worker.jar"));
    assertThat(s.dataDir()).isEqualTo(elsewhere.resolve(".dp-data"));
  }

  @Test
  void findsRepoRootFromASubdirectoryWithoutJar() throws IOException {
    Path root = repo(cwd.resolve("checkout"));
    Path sub = Files.createDirectories(root.resolve("docs"));

    assertThat(LaunchSettings.repoRoot(sub, Optional.empty())).isEqualTo(root);
  }

  private static Path repo(Path root) throws IOException {
    Files.createDirectories(root.resolve("api"));
    Files.createDirectories(root.resolve("worker"));
    Files.createDirectories(root.resolve("local/target"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    return root;
  }
}
