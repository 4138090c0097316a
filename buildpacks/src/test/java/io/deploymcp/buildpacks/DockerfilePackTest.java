package io.deploymcp.buildpacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerfilePackTest {

  private final BuildPlanner planner = new BuildPlanner();

  @TempDir Path temp;
  private Path context;

  @BeforeEach
  void checkout() {
    context = Fixtures.copy("dockerfile-only", temp.resolve("checkout"));
  }

  private BuildPlan plan(String dockerfilePath) {
    return planner.plan(
        BuildPack.DOCKERFILE,
        context,
        PlanOptions.defaults(BaseImages.none()).withDockerfilePath(dockerfilePath));
  }

  private BuildPlanException failure(String dockerfilePath) {
    return catchThrowableOfType(BuildPlanException.class, () -> plan(dockerfilePath));
  }

  @Test
  void usesTheRepoDockerfileWithoutBaseImageConfiguration() throws Exception {
    BuildPlan plan = plan(null);

    assertThat(plan.provider()).isEqualTo(Provider.DOCKERFILE);
    assertThat(plan.detectedFrom()).containsExactly("Dockerfile");
    assertThat(plan.generatedDockerfile()).isEmpty();
    assertThat(plan.dockerfileName()).isEqualTo("Dockerfile");
    assertThat(plan.contextExcludes()).isEmpty();
    Path scratch = temp.resolve("scratch");
    assertThat(plan.dockerfileLocation(scratch))
        .isEqualTo(new DockerfileLocation(context.toRealPath(), "Dockerfile"));
    assertThat(scratch).doesNotExist();
  }

  @Test
  void pathIsRelativeToTheContext() throws Exception {
    BuildPlan plan = plan("docker/Dockerfile.prod");

    assertThat(plan.dockerfile())
        .isEqualTo(
            new DockerfileSource.Repository(
                context.toRealPath().resolve("docker"),
                "Dockerfile.prod",
                "docker/Dockerfile.prod"));
    assertThat(plan(("./docker/../docker/Dockerfile.prod")).dockerfileName())
        .isEqualTo("Dockerfile.prod");
  }

  @Test
  void symlinkInsideTheContextIsResolved() throws Exception {
    Files.createSymbolicLink(context.resolve("Dockerfile.link"), Path.of("docker/Dockerfile.prod"));

    BuildPlan plan = plan("Dockerfile.link");

    assertThat(plan.dockerfileLocation(temp.resolve("unused")))
        .isEqualTo(
            new DockerfileLocation(context.toRealPath().resolve("docker"), "Dockerfile.prod"));
  }

  @Test
  void missingDockerfileHintListsTheOnesThatExist() {
    BuildPlanException failure = failure("Dockerfile.missing");

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.DOCKERFILE_NOT_FOUND);
    assertThat(failure.getMessage()).contains("'Dockerfile.missing'");
    assertThat(failure.hint()).contains("Dockerfile, docker/Dockerfile.prod");
  }

  @Test
  void missingDockerfileInARepoWithoutAnySaysToCommitOne() throws Exception {
    Files.delete(context.resolve("Dockerfile"));
    Files.delete(context.resolve("docker/Dockerfile.prod"));

    BuildPlanException failure = failure(null);

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.DOCKERFILE_NOT_FOUND);
    assertThat(failure.hint())
        .contains("Commit a Dockerfile at 'Dockerfile'", "build_pack=railpack");
  }

  @Test
  void directoryIsNotADockerfile() {
    BuildPlanException failure = failure("docker");

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.DOCKERFILE_NOT_FOUND);
    assertThat(failure.getMessage()).contains("is a directory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../Dockerfile", "docker/../../Dockerfile", "/etc/passwd", "..", "."})
  void pathLeavingTheContextIsRefused(String path) throws Exception {
    Files.writeString(temp.resolve("Dockerfile"), "FROM outside\n");

    BuildPlanException failure = failure(path);

    assertThat(failure.code()).isEqualTo(BuildPlanException.Code.DOCKERFILE_NOT_FOUND);
    assertThat(failure.getMessage()).contains("is not a file inside the build context");
    assertThat(failure.hint()).contains("no leading /, no ..");
  }

  @Test
  void symlinkOutOfTheContextIsRefused() throws Exception {
    Path outside = Files.writeString(temp.resolve("secret-host-file"), "FROM outside\n");
    Files.createSymbolicLink(context.resolve("Dockerfile.out"), outside);
    Files.createSymbolicLink(context.resolve("linked-dir"), temp);

    assertThat(failure("Dockerfile.out").getMessage())
        .contains("is not a file inside the build context");
    assertThat(failure("linked-dir/secret-host-file").getMessage())
        .contains("is not a file inside the build context");
  }

  @Test
  void danglingSymlinkIsRefused() throws Exception {
    Files.createSymbolicLink(context.resolve("Dockerfile.gone"), temp.resolve("nowhere"));

    assertThat(failure("Dockerfile.gone").getMessage())
        .contains("is not a file inside the build context");
  }
}
