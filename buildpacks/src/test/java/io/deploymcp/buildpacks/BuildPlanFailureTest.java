package io.deploymcp.buildpacks;

import static io.deploymcp.buildpacks.Fixtures.fixture;
import static io.deploymcp.buildpacks.Fixtures.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuildPlanFailureTest {

  private final BuildPlanner planner = new BuildPlanner();

  private BuildPlanException failure(String repo, PlanOptions options) {
    return failure(BuildPack.RAILPACK, fixture(repo), options);
  }

  private BuildPlanException failure(BuildPack pack, Path context, PlanOptions options) {
    return catchThrowableOfType(
        BuildPlanException.class, () -> planner.plan(pack, context, options));
  }

  @Test
  void noBuildPlanHintListsEverythingThatWasLookedFor() {
    BuildPlanException failure = failure("nothing", options());

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.NO_BUILD_PLAN);
    assertThat(failure.userError()).isTrue();
    assertThat(failure.hint())
        .contains(
            "package.json",
            "requirements.txt",
            "pyproject.toml",
            "go.mod",
            "pom.xml",
            "mvnw",
            "build.gradle(.kts)",
            "gradlew",
            "index.html at the root or in dist/, build/ or public/",
            "root_dir",
            "commit a Dockerfile and set build_pack=dockerfile");
  }

  @Test
  void noBuildPlanPointsAtTheDockerfileTheRepoHas() {
    BuildPlanException failure = failure("dockerfile-only", options());

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.NO_BUILD_PLAN);
    assertThat(failure.hint()).contains("This context has a Dockerfile: set build_pack=dockerfile");
  }

  @Test
  void nodeProjectWithoutStartScriptMainOrBuildSaysWhatToAdd() {
    BuildPlanException failure = failure("node-nostart", options());

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.NO_BUILD_PLAN);
    assertThat(failure.getMessage()).contains("package.json");
    assertThat(failure.hint()).contains("\"start\" script", "dist/");
  }

  @Test
  void pythonProjectWithoutStartCommandAsksForAProcfile() {
    BuildPlanException failure = failure("python-nostart", options());

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.NO_BUILD_PLAN);
    assertThat(failure.getMessage()).contains("requirements.txt");
    assertThat(failure.hint()).contains("Procfile", "web: <command>", "main.py");
  }

  @Test
  void goModuleWithSeveralCommandsNamesThem() {
    BuildPlanException failure = failure("go-ambiguous", options());

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.NO_BUILD_PLAN);
    assertThat(failure.getMessage()).contains("api, worker");
  }

  @Test
  void brokenPackageJsonIsNoBuildPlan(@TempDir Path context) throws Exception {
    Files.writeString(context.resolve("package.json"), "{ \"scripts\": ");

    BuildPlanException failure = failure(BuildPack.RAILPACK, context, options());

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.NO_BUILD_PLAN);
    assertThat(failure.getMessage()).isEqualTo("package.json is not a JSON object");
  }

  @Test
  void procfileWebLineEndingInBackslashIsRefused(@TempDir Path context) throws Exception {
    Files.writeString(context.resolve("requirements.txt"), "flask\n");
    Files.writeString(context.resolve("Procfile"), "web: python app.py \\\n");

    BuildPlanException failure = failure(BuildPack.RAILPACK, context, options());

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.NO_BUILD_PLAN);
    assertThat(failure.getMessage()).contains("backslash");
  }

  @Test
  void manifestsBehindSymlinksAreNotRead(@TempDir Path temp) throws Exception {
    Path outside =
        Files.writeString(temp.resolve("outside.json"), "{\"scripts\":{\"start\":\"x\"}}");
    Path context = Files.createDirectory(temp.resolve("context"));
    Files.createSymbolicLink(context.resolve("package.json"), outside);

    assertThat(failure(BuildPack.RAILPACK, context, options()).code())
        .isEqualTo(BuildPlanException.Code.NO_BUILD_PLAN);
  }

  @Test
  void filesBehindSymlinkedDirectoriesAreNotSeen(@TempDir Path temp) throws Exception {
    Path outside = Files.createDirectory(temp.resolve("outside"));
    Files.writeString(outside.resolve("index.html"), "<p>host file</p>");
    Path context = Files.createDirectory(temp.resolve("context"));
    Files.createSymbolicLink(context.resolve("dist"), outside);

    assertThat(failure(BuildPack.RAILPACK, context, options()).code())
        .isEqualTo(BuildPlanException.Code.NO_BUILD_PLAN);
  }

  static Stream<Arguments> baseImageNeeds() {
    return Stream.of(
        Arguments.of("node-npm", BaseImages.NODE_VARIABLE),
        Arguments.of("python-uv", BaseImages.PYTHON_VARIABLE),
        Arguments.of("go", BaseImages.GO_VARIABLE),
        Arguments.of("java-gradle", BaseImages.JAVA_VARIABLE),
        Arguments.of("static-root", BaseImages.STATIC_VARIABLE));
  }

  @ParameterizedTest(name = "{0} needs {1}")
  @MethodSource("baseImageNeeds")
  void missingBaseImageIsAnOperatorErrorNamingTheVariable(String repo, String variable) {
    BuildPlanException failure = failure(repo, PlanOptions.defaults(BaseImages.none()));

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.BASE_IMAGE_NOT_CONFIGURED);
    assertThat(failure.userError()).isFalse();
    assertThat(failure.getMessage()).contains(variable);
    assertThat(failure.hint()).contains(variable);
  }

  @Test
  void nodeSiteNeedsTheStaticServerImageToo() {
    BaseImages nodeOnly =
        new BaseImages(Fixtures.REGISTRY + "node:22", null, null, null, null, null);

    BuildPlanException failure = failure("node-spa", PlanOptions.defaults(nodeOnly));

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.BASE_IMAGE_NOT_CONFIGURED);
    assertThat(failure.hint()).contains(BaseImages.STATIC_VARIABLE);
  }

  @Test
  void staticPackNeedsTheStaticServerImage() {
    BuildPlanException failure =
        failure(BuildPack.STATIC, fixture("static-dist"), PlanOptions.defaults(BaseImages.none()));

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.BASE_IMAGE_NOT_CONFIGURED);
  }

  @Test
  void baseImagesHaveNoDefaults() {
    assertThat(BaseImages.fromEnvironment(Map.of())).isEqualTo(BaseImages.none());
    assertThat(BaseImages.fromEnvironment(Map.of("DP_BASE_IMAGE_NODE", "  ")).node()).isNull();
  }

  @Test
  void baseImagesComeFromTheirVariables() {
    BaseImages images =
        BaseImages.fromEnvironment(
            Map.of(
                "DP_BASE_IMAGE_NODE", "registry.internal:5000/base/node:22",
                "DP_BASE_IMAGE_PYTHON", "registry.internal:5000/base/python:3.12",
                "DP_BASE_IMAGE_GO", "registry.internal:5000/base/go:1.23",
                "DP_BASE_IMAGE_JAVA", "registry.internal:5000/base/java:21",
                "DP_BASE_IMAGE_STATIC", "registry.internal:5000/base/busybox:1",
                "DP_BASE_IMAGE_GO_RUNTIME",
                    "registry.internal:5000/base/busybox@sha256:" + "a".repeat(64)));

    assertThat(images.node()).isEqualTo("registry.internal:5000/base/node:22");
    assertThat(images.python()).endsWith("python:3.12");
    assertThat(images.go()).endsWith("go:1.23");
    assertThat(images.java()).endsWith("java:21");
    assertThat(images.staticServer()).endsWith("busybox:1");
    assertThat(images.goRuntime()).contains("@sha256:");
  }

  @Test
  void baseImageThatCouldInjectDockerfileLinesIsRejected() {
    assertThatThrownBy(
            () -> BaseImages.fromEnvironment(Map.of("DP_BASE_IMAGE_NODE", "node:22\nRUN rm -rf /")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DP_BASE_IMAGE_NODE");
  }
}
