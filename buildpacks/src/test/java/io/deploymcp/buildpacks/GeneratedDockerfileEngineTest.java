package io.deploymcp.buildpacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated Dockerfiles built by the engine's BuildKit (v0.8 line, built-in frontend, no {@code #
 * syntax=}) and run. The static plan runs on the real busybox base image; language plans run on a
 * stand-in toolchain image (busybox plus scripts named npm, pip, go, java; see
 * src/test/resources/standin) because no real runtimes can be pulled here: what is proven is that
 * the generated syntax parses and every step runs, with uid 1000, $PORT, cache and secret mounts,
 * not that npm or Go work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedDockerfileEngineTest {

  private static final String BUSYBOX = "127.0.0.1:5000/base/busybox:1";
  private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
  private static final String STANDIN = "dp-buildpacks-test/standin:" + RUN_ID;

  private final BuildPlanner planner = new BuildPlanner();
  private final List<String> images = new ArrayList<>();
  private final List<String> containers = new ArrayList<>();

  @TempDir Path temp;

  @BeforeAll
  void engineAndStandInImage() throws URISyntaxException {
    DockerCli.requireEngine(BUSYBOX);
    Path standin = Path.of(getClass().getResource("/standin").toURI());
    DockerCli.ok(
        List.of(
            "build",
            "--progress=plain",
            "--build-arg",
            "RUN_ID=" + RUN_ID,
            "-t",
            STANDIN,
            standin.toString()));
    images.add(STANDIN);
  }

  @AfterAll
  void removeWhatWasMade() {
    for (String container : containers) {
      DockerCli.run(List.of("rm", "-f", container));
    }
    for (String image : images.reversed()) {
      DockerCli.run(List.of("rmi", "-f", image));
    }
  }

  @Test
  void staticSiteIsServedOnPortAsUid1000() throws Exception {
    Path context = Fixtures.copy("static-root", temp.resolve("static"));
    BuildPlan plan =
        planner.plan(
            BuildPack.RAILPACK, context, PlanOptions.defaults(images(BUSYBOX)).withPort(8081));

    String image = build(plan, Map.of(), Map.of()).image();
    String container = DockerCli.ok(List.of("run", "-d", "--network", "none", image)).strip();
    containers.add(container);

    String page = waitForPage(container, "http://127.0.0.1:8081/index.html");
    assertThat(page).contains("hello from static-root");
    assertThat(DockerCli.ok(List.of("exec", container, "id", "-u")).strip()).isEqualTo("1000");
    assertThat(
            DockerCli.ok(List.of("inspect", "--format", "{{.Config.User}} {{.Config.Env}}", image)))
        .contains("1000:1000")
        .contains("PORT=8081");
  }

  @Test
  void nodePlanMountsSecretsOnlyInItsStepsAndAChangedSecretRebuildsNothing() throws Exception {
    Path context = Fixtures.copy("node-npm", temp.resolve("node"));
    PlanOptions options =
        PlanOptions.defaults(images(STANDIN)).withEnvKeys(Set.of("API_URL"), Set.of("NPM_TOKEN"));
    BuildPlan plan = planner.plan(BuildPack.RAILPACK, context, options);
    String secret = "npm-secret-" + UUID.randomUUID();

    Built first =
        build(plan, Map.of("API_URL", "https://api.example"), Map.of("NPM_TOKEN", secret));

    assertThat(first.log()).contains("npm stand-in: ci", "npm stand-in: run build");
    assertThat(runImage(first.image()))
        .contains("npm stand-in: start uid=1000 port=8080 home-writable node_env=production");
    assertThat(
            DockerCli.ok(
                List.of(
                    "run",
                    "--rm",
                    "--network",
                    "none",
                    first.image(),
                    "cat",
                    "/app/node_modules/.npm-token-seen",
                    "/app/.npm-token-seen-by-build")))
        .isEqualTo("seen\nseen\n");
    assertThat(
            DockerCli.run(
                    List.of(
                        "run",
                        "--rm",
                        "--network",
                        "none",
                        first.image(),
                        "ls",
                        "/run/secrets/NPM_TOKEN"))
                .exitCode())
        .isNotZero();
    assertThat(DockerCli.ok(List.of("history", "--no-trunc", first.image())))
        .doesNotContain(secret);
    assertThat(DockerCli.ok(List.of("inspect", first.image()))).doesNotContain(secret);
    assertThat(new String(DockerCli.save(first.image()), StandardCharsets.ISO_8859_1))
        .doesNotContain(secret);

    Built second =
        build(
            plan,
            Map.of("API_URL", "https://api.example"),
            Map.of("NPM_TOKEN", secret + "-rotated"));

    assertThat(second.log())
        .doesNotContain("npm stand-in: ci")
        .doesNotContain("npm stand-in: run build");
    assertThat(second.log()).contains("CACHED");
  }

  @Test
  void pythonPlanInstallsIntoTheVenvAndStartsGunicornOnPort() throws Exception {
    Path context = Fixtures.copy("python-pip", temp.resolve("python"));
    BuildPlan plan =
        planner.plan(BuildPack.RAILPACK, context, PlanOptions.defaults(images(STANDIN)));

    String image = build(plan, Map.of(), Map.of()).image();

    assertThat(runImage(image))
        .contains("gunicorn stand-in: --bind 0.0.0.0:8080 app:app uid=1000 installed=flask==3.0.3");
  }

  @Test
  void goPlanRunsItsBinaryOnTheRuntimeImageAsUid1000() throws Exception {
    Path context = Fixtures.copy("go", temp.resolve("go"));
    BaseImages images = new BaseImages(null, null, STANDIN, null, null, BUSYBOX);
    BuildPlan plan =
        planner.plan(
            BuildPack.RAILPACK,
            context,
            PlanOptions.defaults(images).withEnvKeys(Set.of(), Set.of("GOPRIVATE_TOKEN")));

    Built built = build(plan, Map.of(), Map.of("GOPRIVATE_TOKEN", "go-secret"));

    assertThat(built.log()).contains("go stand-in: build . -> /out/app/server (CGO_ENABLED=0)");
    assertThat(runImage(built.image()))
        .contains("go stand-in binary of .: uid=1000 port=8080 home=/home/app home-writable");
  }

  @Test
  void javaPlanRunsTheApplicationJarNotTheSourcesJar() throws Exception {
    Path context = Fixtures.copy("java-maven", temp.resolve("java"));
    BaseImages images = new BaseImages(null, null, null, STANDIN, null, null);
    BuildPlan plan = planner.plan(BuildPack.RAILPACK, context, PlanOptions.defaults(images));

    String image = build(plan, Map.of(), Map.of()).image();

    assertThat(runImage(image))
        .contains(
            "java stand-in: -Dserver.port=8080 -jar /app/app.jar uid=1000 jar=application jar");
  }

  @Test
  void nodeSiteWithOnlyABuildScriptIsServedFromItsOutput() throws Exception {
    Path context = Fixtures.copy("node-spa", temp.resolve("spa"));
    BaseImages images = new BaseImages(STANDIN, null, null, null, BUSYBOX, null);
    BuildPlan plan = planner.plan(BuildPack.RAILPACK, context, PlanOptions.defaults(images));

    String image = build(plan, Map.of(), Map.of()).image();
    String container = DockerCli.ok(List.of("run", "-d", "--network", "none", image)).strip();
    containers.add(container);

    assertThat(waitForPage(container, "http://127.0.0.1:8080/")).contains("<title>spa</title>");
  }

  private record Built(String image, String log) {}

  /** Builds as the worker will: the Dockerfile in a scratch dir outside the context. */
  private Built build(BuildPlan plan, Map<String, String> buildArgs, Map<String, String> secrets)
      throws IOException {
    String tag =
        "dp-buildpacks-test/"
            + plan.provider().id()
            + ":"
            + UUID.randomUUID().toString().substring(0, 8);
    DockerfileLocation location =
        plan.dockerfileLocation(temp.resolve("scratch-" + UUID.randomUUID()));
    List<String> arguments = new ArrayList<>(List.of("build", "--progress=plain", "-t", tag));
    arguments.addAll(List.of("-f", location.dir().resolve(location.fileName()).toString()));
    for (Map.Entry<String, String> arg : new LinkedHashMap<>(buildArgs).entrySet()) {
      arguments.addAll(List.of("--build-arg", arg.getKey() + "=" + arg.getValue()));
    }
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      Path file = temp.resolve("secret-" + UUID.randomUUID());
      Files.writeString(file, secret.getValue());
      arguments.addAll(List.of("--secret", "id=" + secret.getKey() + ",src=" + file));
    }
    arguments.add(plan.contextDir().toString());
    String log = DockerCli.ok(arguments);
    images.add(tag);
    return new Built(tag, log);
  }

  private static String runImage(String image) {
    return DockerCli.ok(List.of("run", "--rm", "--network", "none", image));
  }

  private static String waitForPage(String container, String url) throws InterruptedException {
    DockerCli.Result result = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      result = DockerCli.run(List.of("exec", container, "wget", "-qO-", url));
      if (result.exitCode() == 0) {
        return result.output();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no page at " + url + ": " + result.output());
  }

  private static BaseImages images(String image) {
    return new BaseImages(image, image, image, image, BUSYBOX, null);
  }
}
