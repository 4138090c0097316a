package io.deploymcp.buildpacks;

import static io.deploymcp.buildpacks.Fixtures.fixture;
import static io.deploymcp.buildpacks.Fixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RailpackDetectionTest {

  private final BuildPlanner planner = new BuildPlanner();

  static Stream<Arguments> repos() {
    return Stream.of(
        Arguments.of(
            "node-npm", Provider.NODE, List.of("package.json", "package-lock.json"), "npm ci"),
        Arguments.of(
            "node-yarn",
            Provider.NODE,
            List.of("package.json", "yarn.lock"),
            "yarn install --frozen-lockfile"),
        Arguments.of(
            "node-pnpm",
            Provider.NODE,
            List.of("package.json", "pnpm-lock.yaml"),
            "pnpm install --frozen-lockfile"),
        Arguments.of(
            "node-main",
            Provider.NODE,
            List.of("package.json"),
            "CMD [\"node\", \"src/server.js\"]"),
        Arguments.of(
            "node-spa",
            Provider.NODE,
            List.of("package.json", "package-lock.json"),
            "busybox httpd"),
        Arguments.of(
            "node-workspaces",
            Provider.NODE,
            List.of("package.json", "package-lock.json"),
            "npm ci"),
        Arguments.of(
            "python-pip",
            Provider.PYTHON,
            List.of("requirements.txt", "app.py"),
            "gunicorn --bind \"0.0.0.0:$PORT\" app:app"),
        Arguments.of(
            "python-uv",
            Provider.PYTHON,
            List.of("pyproject.toml", "uv.lock", "main.py"),
            "uvicorn main:app"),
        Arguments.of(
            "python-procfile",
            Provider.PYTHON,
            List.of("requirements.txt", "Procfile"),
            "CMD python -m shop.server --port $PORT"),
        Arguments.of(
            "python-pyproject",
            Provider.PYTHON,
            List.of("pyproject.toml", "main.py"),
            "pip install ."),
        Arguments.of(
            "python-django",
            Provider.PYTHON,
            List.of("requirements.txt", "mysite/wsgi.py"),
            "mysite.wsgi"),
        Arguments.of(
            "mixed-python-node",
            Provider.PYTHON,
            List.of("requirements.txt", "app.py"),
            "exec python app.py"),
        Arguments.of("go", Provider.GO, List.of("go.mod"), "-o /out/app/server ."),
        Arguments.of("go-cmd", Provider.GO, List.of("go.mod"), "-o /out/app/server ./cmd/api"),
        Arguments.of(
            "java-maven",
            Provider.JAVA,
            List.of("pom.xml", "mvnw"),
            "sh ./mvnw -B -DskipTests package"),
        Arguments.of(
            "java-gradle",
            Provider.JAVA,
            List.of("build.gradle.kts", "gradlew"),
            "sh ./gradlew --no-daemon assemble"),
        Arguments.of(
            "static-root",
            Provider.STATIC,
            List.of("index.html"),
            "COPY --chown=1000:1000 . /srv/"),
        Arguments.of(
            "static-dist",
            Provider.STATIC,
            List.of("dist/index.html"),
            "COPY --chown=1000:1000 dist/ /srv/"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("repos")
  void detectsTheProjectKind(
      String repo, Provider provider, List<String> detectedFrom, String telltale) {
    BuildPlan plan = planner.plan(BuildPack.RAILPACK, fixture(repo), options());

    assertThat(plan.pack()).isEqualTo(BuildPack.RAILPACK);
    assertThat(plan.provider()).isEqualTo(provider);
    assertThat(plan.detectedFrom()).isEqualTo(detectedFrom);
    assertThat(plan.generatedDockerfile()).get().asString().contains(telltale);
    assertThat(plan.dockerfileName()).isEqualTo("Dockerfile");
    assertThat(plan.contextExcludes()).contains(".git");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repos")
  void everyFinalImageRunsAsUid1000OnPort(String repo) {
    String text =
        planner
            .plan(BuildPack.RAILPACK, fixture(repo), options().withPort(3000))
            .generatedDockerfile()
            .orElseThrow();
    String finalStage = text.substring(text.lastIndexOf("\nFROM "));

    assertThat(finalStage).contains("\nUSER 1000:1000\n", "\nENV PORT=3000\n", "\nEXPOSE 3000\n");
    assertThat(finalStage).containsPattern("\nENV HOME=/(home/app|srv)\n");
    assertThat(text).doesNotContain("# syntax");
    assertThat(text.lines().filter(line -> line.startsWith("CMD ")).count()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repos")
  void plansAreStable(String repo) {
    BuildPlan first = planner.plan(BuildPack.RAILPACK, fixture(repo), Fixtures.optionsWithEnv());
    BuildPlan second = planner.plan(BuildPack.RAILPACK, fixture(repo), Fixtures.optionsWithEnv());

    assertThat(second.generatedDockerfile()).isEqualTo(first.generatedDockerfile());
    assertThat(second.planHash()).isEqualTo(first.planHash()).hasSize(64);
  }
}
