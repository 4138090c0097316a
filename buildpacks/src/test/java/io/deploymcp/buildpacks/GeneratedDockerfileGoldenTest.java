package io.deploymcp.buildpacks;

import static io.deploymcp.buildpacks.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each generated Dockerfile against a reviewed copy in src/test/resources/golden. After an intended
 * change, rewrite them with {@code -Dgolden.update=true} and review the diff.
 */
class GeneratedDockerfileGoldenTest {

  private static final Path GOLDEN_SOURCES = Path.of("src/test/resources/golden");

  private final BuildPlanner planner = new BuildPlanner();

  static Stream<Arguments> cases() {
    PlanOptions plain = Fixtures.options();
    PlanOptions env = Fixtures.optionsWithEnv();
    BaseImages withGoRuntime =
        new BaseImages(
            null, null, Fixtures.REGISTRY + "go:1.23", null, null, Fixtures.REGISTRY + "busybox:1");
    return Stream.of(
        Arguments.of("node-npm", BuildPack.RAILPACK, env, "node-npm-env"),
        Arguments.of("node-yarn", BuildPack.RAILPACK, plain, "node-yarn"),
        Arguments.of("node-pnpm", BuildPack.RAILPACK, env, "node-pnpm-env"),
        Arguments.of("node-main", BuildPack.RAILPACK, plain, "node-main"),
        Arguments.of("node-spa", BuildPack.RAILPACK, plain, "node-spa"),
        Arguments.of("node-workspaces", BuildPack.RAILPACK, plain, "node-workspaces"),
        Arguments.of("python-pip", BuildPack.RAILPACK, env, "python-pip-env"),
        Arguments.of("python-uv", BuildPack.RAILPACK, plain, "python-uv"),
        Arguments.of(
            "python-procfile",
            BuildPack.RAILPACK,
            plain.withPort(5000),
            "python-procfile-port-5000"),
        Arguments.of("python-pyproject", BuildPack.RAILPACK, plain, "python-pyproject"),
        Arguments.of("go", BuildPack.RAILPACK, env, "go-env"),
        Arguments.of(
            "go-cmd",
            BuildPack.RAILPACK,
            PlanOptions.defaults(withGoRuntime),
            "go-cmd-vendored-runtime"),
        Arguments.of("java-maven", BuildPack.RAILPACK, env, "java-maven-env"),
        Arguments.of("java-gradle", BuildPack.RAILPACK, plain, "java-gradle"),
        Arguments.of("static-root", BuildPack.RAILPACK, plain, "static-root"),
        Arguments.of("static-dist", BuildPack.STATIC, plain, "static-pack-dist"),
        Arguments.of("nothing", BuildPack.STATIC, plain, "static-pack-whole-context"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("cases")
  void generatesTheReviewedDockerfile(
      String repo, BuildPack pack, PlanOptions options, String golden) throws IOException {
    String text = planner.plan(pack, fixture(repo), options).generatedDockerfile().orElseThrow();

    Path goldenFile = GOLDEN_SOURCES.resolve(golden + ".Dockerfile");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(goldenFile, text);
    }
    assertThat(text).isEqualTo(Files.readString(goldenFile));
  }
}
