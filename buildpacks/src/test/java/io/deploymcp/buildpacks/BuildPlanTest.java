package io.deploymcp.buildpacks;

import static io.deploymcp.buildpacks.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildPlanTest {

  private final BuildPlanner planner = new BuildPlanner();

  private BuildPlan node(PlanOptions options) {
    return planner.plan(BuildPack.RAILPACK, fixture("node-npm"), options);
  }

  @Test
  void planHashFollowsWhatShapesTheImage() {
    PlanOptions base = Fixtures.options();
    String hash = node(base).planHash();

    assertThat(node(base).planHash()).isEqualTo(hash);
    assertThat(node(base.withPort(3000)).planHash()).isNotEqualTo(hash);
    assertThat(node(base.withEnvKeys(Set.of("API_URL"), Set.of())).planHash()).isNotEqualTo(hash);
    assertThat(node(base.withEnvKeys(Set.of(), Set.of("NPM_TOKEN"))).planHash()).isNotEqualTo(hash);
    BaseImages otherNode =
        new BaseImages(Fixtures.REGISTRY + "node:24", null, null, null, null, null);
    assertThat(node(PlanOptions.defaults(otherNode)).planHash()).isNotEqualTo(hash);
    assertThat(planner.plan(BuildPack.STATIC, fixture("node-npm"), base).planHash())
        .isNotEqualTo(hash);
  }

  @Test
  void planHashOfTheDockerfilePackFollowsThePath() {
    PlanOptions options = PlanOptions.defaults(BaseImages.none());
    BuildPlan root = planner.plan(BuildPack.DOCKERFILE, fixture("dockerfile-only"), options);
    BuildPlan prod =
        planner.plan(
            BuildPack.DOCKERFILE,
            fixture("dockerfile-only"),
            options.withDockerfilePath("docker/Dockerfile.prod"));

    assertThat(root.planHash()).isNotEqualTo(prod.planHash()).matches("[0-9a-f]{64}");
  }

  @Test
  void generatedDockerfileIsWrittenOutsideTheContext(@TempDir Path temp) throws Exception {
    Path context = Fixtures.copy("static-root", temp.resolve("context"));
    BuildPlan plan = planner.plan(BuildPack.RAILPACK, context, Fixtures.options());

    DockerfileLocation location = plan.dockerfileLocation(temp.resolve("scratch"));

    assertThat(location).isEqualTo(new DockerfileLocation(temp.resolve("scratch"), "Dockerfile"));
    assertThat(Files.readString(temp.resolve("scratch/Dockerfile")))
        .isEqualTo(plan.generatedDockerfile().orElseThrow());
    try (Stream<Path> files = Files.list(context)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("index.html", "style.css");
    }
    assertThatThrownBy(() -> plan.dockerfileLocation(context.resolve("tmp")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(context.resolve("tmp")).doesNotExist();
  }

  @Test
  void secretKeysAppearOnlyInMountsAndExportsOfRunSteps() {
    PlanOptions options = Fixtures.optionsWithEnv();
    for (String repo : new String[] {"node-npm", "python-pip", "go", "java-maven"}) {
      String text =
          planner
              .plan(BuildPack.RAILPACK, fixture(repo), options)
              .generatedDockerfile()
              .orElseThrow();

      assertThat(text.lines().filter(line -> line.contains("NPM_TOKEN")))
          .isNotEmpty()
          .allMatch(
              line ->
                  line.startsWith("    --mount=type=secret,id=NPM_TOKEN,")
                      || line.matches(
                          " {4}(&& )?export NPM_TOKEN=\"\\$\\(cat /run/secrets/NPM_TOKEN\\)\""
                              + " \\\\"),
              repo);
      assertThat(text).contains("ARG API_URL\n", "ARG LOG_LEVEL\n").doesNotContain("ARG NPM_TOKEN");
    }
  }

  @Test
  void buildPackWireNames() {
    assertThat(BuildPack.fromWireName("railpack")).isEqualTo(BuildPack.RAILPACK);
    assertThat(BuildPack.fromWireName("dockerfile")).isEqualTo(BuildPack.DOCKERFILE);
    assertThat(BuildPack.fromWireName("static")).isEqualTo(BuildPack.STATIC);
    assertThatThrownBy(() -> BuildPack.fromWireName("nixpacks"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
