package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.api.problem.ProblemCode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Port, env, cron, kind, build pack, environment, paths: each refuses with its own code. */
class SmallTypesTest {
  private final EnvLimits limits = new EnvLimits(200, 32 * 1024);

  private static void assertCode(Runnable r, ProblemCode code) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536, 100000})
  void rejectsPortsOutsideRange(int port) {
    assertCode(() -> new Port(port), ProblemCode.INVALID_PORT);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 80, 8080, 65535})
  void acceptsPorts(int port) {
    assertThat(new Port(port).value()).isEqualTo(port);
    assertThat(Port.orDefault(null).value()).isEqualTo(8080);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1ABC", "A-B", "A B", "A.B", "É", "A=B", "$A"})
  void rejectsEnvKeys(String key) {
    assertCode(() -> new EnvKey(key), ProblemCode.INVALID_ENV);
  }

  @ParameterizedTest
  @ValueSource(strings = {"A", "_", "_A1", "database_url", "API_KEY_2"})
  void acceptsEnvKeys(String key) {
    assertThat(new EnvKey(key).value()).isEqualTo(key);
  }

  @Test
  void limitsEnvCountAndValueSize() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 201; i++) {
      many.put("K" + i, "v");
    }
    assertCode(() -> EnvVars.parse(many, limits), ProblemCode.ENV_TOO_LARGE);
    many.remove("K0");
    assertThat(EnvVars.parse(many, limits).size()).isEqualTo(200);

    assertCode(() -> EnvVars.parse(Map.of("BIG", "x".repeat(32 * 1024 + 1)), limits), ProblemCode.ENV_TOO_LARGE);
    assertThat(EnvVars.parse(Map.of("BIG", "x".repeat(32 * 1024)), limits).size()).isEqualTo(1);
    // multi-byte characters count as bytes
    assertCode(() -> EnvVars.parse(Map.of("BIG", "é".repeat(16 * 1024 + 1)), limits), ProblemCode.ENV_TOO_LARGE);
  }

  @Test
  void envErrorsNeverContainTheValue() {
    assertThatThrownBy(() -> EnvVars.parse(Map.of("TOKEN", "s3cr3t-" + "x".repeat(40000)), limits))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    assertThat(EnvVars.parse(Map.of("TOKEN", "s3cr3t"), limits).toString()).doesNotContain("s3cr3t");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/15 * * * *", "0 3 * * *", "0 0 1 1 *", "5,10 9-17 * * 1-5"})
  void acceptsCron(String cron) {
    assertThat(new CronSchedule(cron).value()).isEqualTo(cron);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "* * * *", "61 * * * *", "* 25 * * *", "every minute", "* * * * * * *", "0 0 32 * *",
      "5 | * * *"}) // the last one: cron-utils threw ArrayIndexOutOfBoundsException (ValidatorFuzzTest)
  void rejectsInvalidCron(String cron) {
    assertCode(() -> new CronSchedule(cron), ProblemCode.INVALID_SCHEDULE);
  }

  @Test
  void enumsRefuseUnknownValuesAndDefault() {
    assertCode(() -> ServiceKind.orDefault("daemon"), ProblemCode.INVALID_KIND);
    assertCode(() -> BuildPack.orDefault("nixpacks"), ProblemCode.INVALID_BUILD_PACK);
    assertCode(() -> DeployEnvironment.orDefault("staging"), ProblemCode.INVALID_ENVIRONMENT);
    assertThat(ServiceKind.orDefault(null)).isEqualTo(ServiceKind.WEB);
    assertThat(BuildPack.orDefault(null)).isEqualTo(BuildPack.RAILPACK);
    assertThat(DeployEnvironment.orDefault(null)).isEqualTo(DeployEnvironment.PRODUCTION);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/abs", "../up", "a/../b", "a//b", "./a", "a\\b", "a b"})
  void rejectsRootDirsOutsideTheCheckout(String dir) {
    assertCode(() -> new RootDir(dir), ProblemCode.INVALID_PATH);
  }

  @Test
  void rootDirNormalizes() {
    assertThat(new RootDir(null).value()).isEmpty();
    assertThat(new RootDir("apps/web/").value()).isEqualTo("apps/web");
  }

  @ParameterizedTest
  @ValueSource(strings = {"healthz", "", "/a b", "/a\nb", "http://x/healthz"})
  void rejectsHealthCheckPaths(String path) {
    assertCode(() -> new HealthCheckPath(path), ProblemCode.INVALID_PATH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Default", "a_b", "-a", "x234567890123456789012345678901"})
  void rejectsProjectNames(String name) {
    assertCode(() -> new ProjectName(name), ProblemCode.INVALID_PROJECT);
  }
}
