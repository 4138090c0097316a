package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.api.problem.ProblemCode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** dockerfile_path, watch_paths, github_installation_id and env_plain: table by table. */
class BuildConfigTypesTest {
  private final EnvLimits limits = new EnvLimits(200, 32 * 1024);

  private static void assertCode(Runnable r, ProblemCode code) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "docker/Dockerfile.prod", "a/b/c.Dockerfile", "Containerfile"})
  void acceptsDockerfilePaths(String path) {
    assertThat(new DockerfilePath(path).value()).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/Dockerfile", "../Dockerfile", "a/../../Dockerfile", "./Dockerfile", "docker/",
      "a//b", "a\\b", "a b", "Docker\tfile"})
  void rejectsDockerfilePaths(String path) {
    assertCode(() -> new DockerfilePath(path), ProblemCode.INVALID_PATH);
  }

  @Test
  void dockerfileDefaults() {
    assertThat(DockerfilePath.orDefault(null).value()).isEqualTo("Dockerfile");
  }

  @Test
  void watchPathsDropTrailingSlashesAndDuplicates() {
    assertThat(WatchPaths.parse(List.of("libs/common/", "libs/common", "proto")).values())
        .containsExactly("libs/common", "proto");
    assertThat(WatchPaths.parse(null).values()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/abs", "../up", "a/./b", "src/*.ts", "a?", "[ab]", " x"})
  void rejectsWatchPaths(String path) {
    assertCode(() -> WatchPaths.parse(List.of("fine", path)), ProblemCode.INVALID_PATH);
  }

  @Test
  void watchPathErrorsNameTheEntry() {
    assertThatThrownBy(() -> WatchPaths.parse(Arrays.asList("ok", null)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("watch_paths[1]"));
  }

  @Test
  void watchPathsMatchWholeComponentsOnly() {
    WatchPaths paths = WatchPaths.parse(List.of("libs/common"));
    assertThat(paths.matches("libs/common")).isTrue();
    assertThat(paths.matches("libs/common/x.ts")).isTrue();
    assertThat(paths.matches("libs/commonplace/x.ts")).isFalse();
    assertThat(paths.matches("libs")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void rejectsInstallationIds(long id) {
    assertCode(() -> new GithubInstallationId(id), ProblemCode.INVALID_INSTALLATION_ID);
  }

  @Test
  void installationIdIsOptional() {
    assertThat(GithubInstallationId.ofNullable(null)).isNull();
    assertThat(GithubInstallationId.ofNullable(12L).value()).isEqualTo(12L);
  }

  @Test
  void envPlainMarksKeysAsNotSecret() {
    EnvVars env = EnvVars.parse(Map.of("NODE_ENV", "production", "TOKEN", "t"), List.of("NODE_ENV"), limits);
    assertThat(env.isSecret(new EnvKey("NODE_ENV"))).isFalse();
    assertThat(env.isSecret(new EnvKey("TOKEN"))).isTrue();
    assertThat(env.toString()).doesNotContain("production");
  }

  @Test
  void envPlainMustNameKeysOfEnv() {
    assertCode(() -> EnvVars.parse(Map.of("A", "1"), List.of("B"), limits), ProblemCode.INVALID_ENV);
    assertCode(() -> EnvVars.parse(null, List.of("B"), limits), ProblemCode.INVALID_ENV);
    assertCode(() -> EnvVars.parse(Map.of("A", "1"), Arrays.asList((String) null), limits), ProblemCode.INVALID_ENV);
  }
}
