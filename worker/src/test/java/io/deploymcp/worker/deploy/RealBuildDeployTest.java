package io.deploymcp.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.support.DeploymentRow;
import io.deploymcp.worker.support.EngineSupport;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.worker.support.WorkerTestEnvironment.Builds;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Whole deploys of real git repositories with the worker's real activities, built by the real
 * Docker engine's BuildKit and pushed to the real loopback registry. No cluster is configured,
 * so every deploy ends at the apply step with KUBERNETES_NOT_CONFIGURED — after the image is
 * in the registry and its digest on the deployment, which is what these tests check.
 */
@ExtendWith(OutputCaptureExtension.class)
class RealBuildDeployTest {
  private static final String KEY = SecretCipher.newBase64Key();
  private static final SecretCipher CIPHER = SecretCipher.fromBase64(KEY);
  private static final String DIGEST = "sha256:[0-9a-f]{64}";

  @TempDir static Path tmp;
  private static WorkerTestEnvironment worker;
  private final Fixtures fixtures = new Fixtures();
  private final UUID tenant = fixtures.tenant();

  @BeforeAll
  static void start() {
    EngineSupport.requireEngine(EngineSupport.BUSYBOX);
    worker = new WorkerTestEnvironment(KEY, tmp.resolve("no-token"), Builds.engine());
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.close();
    }
  }

  /**
   * A repository with {@code files}; every Dockerfile gets a line of its own first, so no step
   * comes from the engine's cache of an earlier run and each test sees its steps' output.
   */
  private Path repo(String name, Map<String, String> files) {
    Path repo = GitRepos.withMain(tmp, name + "-" + UUID.randomUUID());
    Map<String, String> unique = new java.util.HashMap<>();
    String nonce = UUID.randomUUID().toString();
    files.forEach(
        (path, text) ->
            unique.put(
                path,
                path.endsWith("Dockerfile") && text.startsWith("FROM ")
                    ? text.replaceFirst("\n", "\nENV RUN_ID=" + nonce + "\n")
                    : text));
    unique.put("run-id.txt", nonce);
    GitRepos.commitFiles(repo, unique, "app");
    return repo;
  }

  private UUID service(Path repo, String buildPack, String rootDir, String dockerfile) {
    UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
    fixtures.buildConfig(service, buildPack, rootDir, dockerfile);
    return service;
  }

  private DeployOutcome deploy(UUID service, UUID deployment) {
    return worker.deploy(tenant, service, deployment);
  }

  private String repository(UUID service) {
    return EngineSupport.REGISTRY + "/dp-tenant-" + tenant + "-default/" + fixtures.serviceName(service);
  }

  @Test
  void aDockerfileRepoBecomesAnImageTaggedWithTheCommitAndItsDigestIsOnTheDeployment() throws IOException {
    Path repo =
        repo(
            "dockerfile",
            Map.of(
                "docker/app.Dockerfile",
                "FROM " + EngineSupport.BUSYBOX + "\nCOPY . /app\nRUN cat /app/greeting.txt\n",
                "greeting.txt",
                "hello from the file-synced context\n"));
    UUID service = service(repo, "dockerfile", "", "docker/app.Dockerfile");
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = deploy(service, deployment);

    // Built and pushed; the apply step is issue 5's.
    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.KUBERNETES_NOT_CONFIGURED);
    DeploymentRow row = fixtures.row(deployment);
    String commit = GitRepos.head(repo, "main");
    assertThat(row.commitSha()).isEqualTo(commit);
    assertThat(row.imageRef()).matches(java.util.regex.Pattern.quote(repository(service)) + "@" + DIGEST);
    assertThat(fixtures.buildSkipped(deployment)).isFalse();
    // The registry has the commit's tag, and it is the digest the deployment records.
    String path = repository(service).substring(EngineSupport.REGISTRY.length());
    assertThat(EngineSupport.status("/v2" + path + "/manifests/" + commit)).isEqualTo(200);
    assertThat(EngineSupport.status("/v2" + path + "/manifests/" + row.imageRef().split("@")[1])).isEqualTo(200);
    assertThat(fixtures.buildLog(deployment))
        .anyMatch(line -> line.contains("hello from the file-synced context"))
        .anyMatch(line -> line.contains("build plan: dockerfile"));
    assertThat(workspacesLeft()).isZero();
  }

  @Test
  void anUnchangedCommitRedeploysThroughTheSkipPathWithTheSameDigest() {
    Path repo = repo("skip", Map.of("Dockerfile", "FROM " + EngineSupport.BUSYBOX + "\nCOPY . /app\n"));
    UUID service = service(repo, "dockerfile", "", "Dockerfile");
    UUID first = fixtures.deployment(tenant, service, "production", "main");
    Meters before = Meters.of(worker.meters());
    deploy(service, first);
    Meters built = Meters.of(worker.meters());
    UUID second = fixtures.deployment(tenant, service, "production", "main");

    deploy(service, second);

    assertThat(fixtures.row(second).imageRef()).isEqualTo(fixtures.row(first).imageRef()).isNotNull();
    assertThat(fixtures.buildSkipped(second)).isTrue();
    assertThat(fixtures.buildLog(second)).anyMatch(line -> line.contains("build skipped"));
    // The worker's metrics: the first deploy built (its steps executed, none skipped), the second skipped.
    Meters skipped = Meters.of(worker.meters());
    assertThat(built.skipped - before.skipped).isZero();
    assertThat(built.built - before.built).isPositive();
    assertThat(built.phase("build") - before.phase("build")).isEqualTo(1);
    assertThat(built.phase("push") - before.phase("push")).isEqualTo(1);
    assertThat(skipped.skipped - built.skipped).isEqualTo(1);
    assertThat(skipped.phase("build") - built.phase("build")).isZero();
    assertThat(skipped.failedWithoutCluster - before.failedWithoutCluster).isEqualTo(2);
  }

  /** A reading of the counters the skip path moves. */
  private record Meters(double skipped, double built, java.util.Map<String, Long> phases, double failedWithoutCluster) {
    static Meters of(io.micrometer.core.instrument.MeterRegistry registry) {
      java.util.Map<String, Long> phases = new java.util.HashMap<>();
      for (String phase : java.util.List.of("build", "push")) {
        var timer = registry.find("dp.deployment.phase").tags("phase", phase, "outcome", "ok").timer();
        phases.put(phase, timer == null ? 0 : timer.count());
      }
      var failed = registry.find("dp.deployments.finished")
          .tags("outcome", "failed", "code", "KUBERNETES_NOT_CONFIGURED", "environment", "production").counter();
      return new Meters(
          registry.get("dp.builds.skipped").counter().count(),
          registry.get("dp.build.cache.steps").tag("result", "built").counter().count(),
          phases,
          failed == null ? 0 : failed.count());
    }

    long phase(String name) {
      return phases.get(name);
    }
  }

  @Test
  void aOneFileChangeSendsOnlyThatFileToBuildKit() {
    Path repo =
        repo(
            "incremental",
            Map.of(
                "Dockerfile", "FROM " + EngineSupport.BUSYBOX + "\nCOPY . /app\n",
                "a.txt", "a\n",
                "b.txt", "b\n",
                "c.txt", "c\n"));
    UUID service = service(repo, "dockerfile", "", "Dockerfile");
    UUID first = fixtures.deployment(tenant, service, "production", "main");
    deploy(service, first);
    GitRepos.commitFiles(repo, Map.of("b.txt", "b changed\n"), "change b");
    UUID second = fixtures.deployment(tenant, service, "production", "main");

    deploy(service, second);

    // Each deploy checks out afresh into a new workspace; content-derived mtimes let the
    // daemon's copy of the last context stand for every unchanged file.
    assertThat(fixtures.buildLog(first)).anyMatch(line -> line.matches("context sync: [5-9] files .*"));
    assertThat(fixtures.buildLog(second)).anyMatch(line -> line.startsWith("context sync: 1 files"));
  }

  @Test
  void aChangedPlainBuildVariableBuildsAgainInsteadOfSkipping() {
    Path repo =
        repo("args", Map.of("Dockerfile", "FROM " + EngineSupport.BUSYBOX + "\nARG GREETING\nRUN echo \"greeting=$GREETING\"\n"));
    UUID service = service(repo, "dockerfile", "", "Dockerfile");
    fixtures.envVar(service, "GREETING", "hola", CIPHER, false);
    UUID first = fixtures.deployment(tenant, service, "production", "main");
    deploy(service, first);
    fixtures.deleteEnvVar(service, "GREETING");
    fixtures.envVar(service, "GREETING", "salut", CIPHER, false);
    UUID second = fixtures.deployment(tenant, service, "production", "main");

    deploy(service, second);

    assertThat(fixtures.buildLog(first)).anyMatch(line -> line.contains("greeting=hola"));
    assertThat(fixtures.buildSkipped(second)).isFalse();
    assertThat(fixtures.buildLog(second)).anyMatch(line -> line.contains("greeting=salut"));
    assertThat(fixtures.row(second).imageRef()).isNotEqualTo(fixtures.row(first).imageRef());
  }

  @Test
  void aStaticSiteInARootDirIsServedByTheBuiltInWebServerImage() {
    Path repo = repo("static", Map.of("site/index.html", "<h1>static</h1>\n", "README.md", "monorepo\n"));
    UUID service = service(repo, "static", "site", "Dockerfile");
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = deploy(service, deployment);

    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.KUBERNETES_NOT_CONFIGURED);
    assertThat(fixtures.row(deployment).imageRef()).matches(".*@" + DIGEST);
    assertThat(fixtures.buildLog(deployment)).anyMatch(line -> line.contains("generated Dockerfile"));
  }

  @Test
  void aFailingRunStepIsBuildStepFailedWithItsOutputAndIsNotRetried() {
    Path repo =
        repo("fails", Map.of("Dockerfile", "FROM " + EngineSupport.BUSYBOX + "\nRUN echo the-step-output && exit 3\n"));
    UUID service = service(repo, "dockerfile", "", "Dockerfile");
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = deploy(service, deployment);

    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILD_STEP_FAILED);
    DeploymentRow row = fixtures.row(deployment);
    assertThat(row.errorPhase()).isEqualTo("building");
    assertThat(row.errorMessage()).contains("exit");
    assertThat(row.errorLogTail()).contains("the-step-output");
    assertThat(row.imageRef()).isNull();
    assertThat(fixtures.buildLog(deployment)).filteredOn(line -> line.contains("build failed")).hasSize(1);
  }

  @Test
  void aMissingBaseImageIsBaseImageNotFound() {
    Path repo = repo("nobase", Map.of("Dockerfile", "FROM " + EngineSupport.REGISTRY + "/base/absent:1\nRUN true\n"));
    UUID service = service(repo, "dockerfile", "", "Dockerfile");
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = deploy(service, deployment);

    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BASE_IMAGE_NOT_FOUND);
    assertThat(fixtures.row(deployment).errorHint()).isNotBlank();
  }

  /** Issue 13: SSRF through a Dockerfile is refused before BuildKit sees the build. */
  @Test
  void aDockerfileThatFetchesFromTheMetadataServiceIsRefusedBeforeTheBuild() {
    Path repo = repo("ssrf", Map.of("Dockerfile", "FROM " + EngineSupport.BUSYBOX
        + "\nADD http://169.254.169.254/latest/meta-data/iam/security-credentials/ /creds\nRUN cat /creds\n"));
    UUID service = service(repo, "dockerfile", "", "Dockerfile");
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = deploy(service, deployment);

    assertThat(outcome.errorCode()).isEqualTo(WorkerFailureCodes.BUILD_SOURCE_NOT_ALLOWED);
    DeploymentRow row = fixtures.row(deployment);
    assertThat(row.errorPhase()).isEqualTo("building");
    // Line 3: repo() puts a line of its own after FROM.
    assertThat(row.errorMessage()).isEqualTo("Dockerfile line 3: ADD http://169.254.169.254/latest/meta-data/iam/"
        + "security-credentials/ was refused: the host '169.254.169.254' is a loopback, private, link-local or"
        + " otherwise internal address; the build did not start");
    assertThat(row.errorHint()).contains("public addresses", EngineSupport.REGISTRY);
    assertThat(row.imageRef()).isNull();
    List<String> log = fixtures.buildLog(deployment);
    assertThat(log).anyMatch(line -> line.contains("build failed: BUILD_SOURCE_NOT_ALLOWED"));
    assertThat(log).noneMatch(line -> line.contains("steps,") || line.contains("context sync"));
  }

  /** BUILDKIT_SYNTAX as a build arg would make the engine pull and run that image as the frontend. */
  @Test
  void aBuildkitVariableStaysARuntimeVariableAndNeverSteersTheBuild() {
    Path repo = repo("buildkit-arg", Map.of("Dockerfile", "FROM " + EngineSupport.BUSYBOX + "\nRUN echo built\n"));
    UUID service = service(repo, "dockerfile", "", "Dockerfile");
    fixtures.envVar(service, "BUILDKIT_SYNTAX", EngineSupport.REGISTRY + "/base/absent-frontend:1", CIPHER, false);
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = deploy(service, deployment);

    // Passed on, the engine would have failed the build pulling that frontend.
    assertThat(outcome.errorCode()).isNotEqualTo(WorkerFailureCodes.BUILD_SOURCE_NOT_ALLOWED);
    assertThat(fixtures.row(deployment).imageRef()).matches(".*@" + DIGEST);
    assertThat(fixtures.buildLog(deployment))
        .anyMatch(line -> line.contains("BUILDKIT_SYNTAX is set at run time only"));
  }

  @Test
  void plannerFailuresAreUserErrorsWithHints() {
    // withMain commits an index.html at the root: point the context at a directory without one.
    Path repo = repo("nothing", Map.of("lib/notes.txt", "no app here\n"));
    UUID railpackSub = service(repo, "railpack", "lib", "Dockerfile");
    UUID dockerfile = service(repo, "dockerfile", "", "Dockerfile");
    UUID first = fixtures.deployment(tenant, railpackSub, "production", "main");
    UUID second = fixtures.deployment(tenant, dockerfile, "production", "main");

    DeployOutcome noPlan = deploy(railpackSub, first);
    DeployOutcome noDockerfile = deploy(dockerfile, second);

    assertThat(noPlan.errorCode()).isEqualTo(FailureCodes.NO_BUILD_PLAN);
    assertThat(fixtures.row(first).errorHint()).contains("package.json").contains("requirements.txt");
    assertThat(noDockerfile.errorCode()).isEqualTo(FailureCodes.DOCKERFILE_NOT_FOUND);
    assertThat(fixtures.row(second).errorHint()).isNotBlank();
  }

  @Test
  void aBuildSecretIsReadableInItsStepButInNoLogHistoryImageOrError(CapturedOutput output) throws Exception {
    String secret = "s3cr3t-" + UUID.randomUUID();
    Path repo =
        repo(
            "secret",
            Map.of(
                "Dockerfile",
                "FROM " + EngineSupport.BUSYBOX + "\n"
                    + "RUN --mount=type=secret,id=API_TOKEN cat /run/secrets/API_TOKEN"
                    + " && test -s /run/secrets/API_TOKEN && echo secret-was-readable\n"));
    UUID service = service(repo, "dockerfile", "", "Dockerfile");
    fixtures.envVar(service, "API_TOKEN", secret, CIPHER, true);
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = deploy(service, deployment);

    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.KUBERNETES_NOT_CONFIGURED);
    // The step printed the secret: the stored log shows the mask instead.
    assertThat(fixtures.buildLog(deployment)).anyMatch(line -> line.contains("secret-was-readable"));
    assertThat(fixtures.buildLog(deployment)).anyMatch(line -> line.contains("***"));
    assertThat(String.join("\n", fixtures.buildLog(deployment))).doesNotContain(secret);
    assertThat(fixtures.row(deployment).toString()).doesNotContain(secret);
    WorkflowExecutionHistory history = worker.client().fetchHistory(WorkflowIds.deploy(deployment));
    StringBuilder decoded = new StringBuilder(history.toJson(true));
    for (HistoryEvent event : history.getEvents()) {
      decoded.append(TextFormat.printer().escapingNonAscii(false).printToString(event));
    }
    assertThat(decoded).contains(deployment.toString()).doesNotContain(secret);
    assertThat(output.getAll()).doesNotContain(secret);
    // Nor in the image: its config and history, as the engine reports them.
    String image = fixtures.row(deployment).imageRef();
    Process inspect =
        new ProcessBuilder("docker", "image", "inspect", image.replaceFirst("@.*", ":" + GitRepos.head(repo, "main")))
            .redirectErrorStream(true)
            .start();
    String inspected = new String(inspect.getInputStream().readAllBytes());
    inspect.waitFor();
    Process historyOut =
        new ProcessBuilder("docker", "history", "--no-trunc", image.replaceFirst("@.*", ":" + GitRepos.head(repo, "main")))
            .redirectErrorStream(true)
            .start();
    String layers = new String(historyOut.getInputStream().readAllBytes());
    historyOut.waitFor();
    assertThat(inspected).contains("Config").doesNotContain(secret);
    assertThat(layers).contains("secret").doesNotContain(secret);
  }

  @Test
  void aNodeAppIsBuiltByRailpack() {
    EngineSupport.requireEngine(EngineSupport.NODE);
    Path repo =
        repo(
            "node",
            Map.of(
                "package.json",
                "{\"name\":\"app\",\"version\":\"1.0.0\",\"scripts\":{\"start\":\"node server.js\"}}\n",
                "package-lock.json",
                "{\"name\":\"app\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"requires\":true,"
                    + "\"packages\":{\"\":{\"name\":\"app\",\"version\":\"1.0.0\"}}}\n",
                "server.js",
                "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n"));
    UUID service = service(repo, "railpack", "", "Dockerfile");
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = deploy(service, deployment);

    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.KUBERNETES_NOT_CONFIGURED);
    assertThat(fixtures.row(deployment).imageRef()).matches(".*@" + DIGEST);
    assertThat(fixtures.buildLog(deployment)).anyMatch(line -> line.contains("build plan: node"));
  }

  @Test
  void aPythonAppIsBuiltByRailpack() {
    EngineSupport.requireEngine(EngineSupport.PYTHON);
    Path repo =
        repo(
            "python",
            Map.of(
                "requirements.txt", "\n",
                "main.py",
                "import http.server, os\n"
                    + "http.server.HTTPServer(('', int(os.environ['PORT'])),"
                    + " http.server.SimpleHTTPRequestHandler).serve_forever()\n"));
    UUID service = service(repo, "railpack", "", "Dockerfile");
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = deploy(service, deployment);

    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.KUBERNETES_NOT_CONFIGURED);
    assertThat(fixtures.row(deployment).imageRef()).matches(".*@" + DIGEST);
    assertThat(fixtures.buildLog(deployment)).anyMatch(line -> line.contains("build plan: python"));
  }

  private static long workspacesLeft() throws IOException {
    try (Stream<Path> left = Files.list(worker.workspaces())) {
      return left.count();
    }
  }
}
