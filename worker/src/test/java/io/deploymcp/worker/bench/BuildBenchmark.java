package io.deploymcp.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.support.EngineSupport;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.worker.support.WorkerTestEnvironment.Builds;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.deploy.DeployOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 §7: build-phase and end-to-end times of a Node and a Python sample on this machine's
 * Docker engine (bench/build.sh runs it; figures go to docs/benchmarks.md). Off in the normal
 * test run. Each sample: a cold build (engine build cache pruned first), a rebuild after a
 * one-line code change, a full cache hit (a new commit that changes nothing in the build
 * context), and a redeploy of an unchanged commit, which takes the skip path.
 */
@EnabledIfSystemProperty(named = "dp.bench", matches = "true")
class BuildBenchmark {
  @TempDir Path tmp;
  private final Fixtures fixtures = new Fixtures();

  private record Row(String sample, String scenario, Duration buildPhase, Duration endToEnd, Boolean skipped) {}

  @Test
  void nodeAndPythonSamples() throws Exception {
    EngineSupport.requireEngine(EngineSupport.NODE, EngineSupport.PYTHON);
    List<Row> rows = new ArrayList<>();
    try (WorkerTestEnvironment worker =
        new WorkerTestEnvironment(SecretCipher.newBase64Key(), tmp.resolve("no-token"), Builds.engine())) {
      rows.addAll(sample(worker, "node", nodeApp(), "app/server.js"));
      rows.addAll(sample(worker, "python", pythonApp(), "app/main.py"));
    }
    StringBuilder table = new StringBuilder("| sample | scenario | build phase (s) | end to end (s) | build skipped |\n|---|---|---|---|---|\n");
    for (Row row : rows) {
      table.append(String.format("| %s | %s | %.2f | %.2f | %s |%n",
          row.sample(), row.scenario(), seconds(row.buildPhase()), seconds(row.endToEnd()), row.skipped()));
    }
    System.out.println("BUILD BENCHMARK\n" + table);
    Path out = Path.of("target", "bench", "build.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
  }

  private List<Row> sample(WorkerTestEnvironment worker, String name, Map<String, String> files, String codeFile)
      throws IOException, InterruptedException {
    prune();
    UUID tenant = fixtures.tenant();
    Path repo = GitRepos.withMain(tmp, name);
    GitRepos.commitFiles(repo, files, "sample");
    UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
    fixtures.buildConfig(service, "railpack", "app", "Dockerfile");
    List<Row> rows = new ArrayList<>();

    rows.add(measure(worker, tenant, service, name, "cold build (cache pruned)"));
    GitRepos.commitFiles(repo, Map.of(codeFile, files.get(codeFile) + comment(codeFile) + " one-line change\n"), "change");
    rows.add(measure(worker, tenant, service, name, "rebuild after a one-line code change"));
    GitRepos.commitFiles(repo, Map.of("docs/notes.md", "outside the build context\n"), "docs");
    rows.add(measure(worker, tenant, service, name, "full cache hit (new commit, same context)"));
    rows.add(measure(worker, tenant, service, name, "unchanged commit redeployed (skip path)"));
    return rows;
  }

  private Row measure(WorkerTestEnvironment worker, UUID tenant, UUID service, String sample, String scenario) {
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");
    DeployOutcome outcome = worker.deploy(tenant, service, deployment);
    // No cluster here: a deploy that built and pushed stops at the apply step.
    assertThat(outcome.errorCode()).as(sample + " " + scenario).isEqualTo(FailureCodes.KUBERNETES_NOT_CONFIGURED);
    Map<String, OffsetDateTime> times = times(deployment);
    return new Row(
        sample,
        scenario,
        Duration.between(times.get("building_at"), times.get("deploying_at")),
        Duration.between(times.get("created_at"), times.get("deploying_at")),
        fixtures.buildSkipped(deployment));
  }

  private static Map<String, OffsetDateTime> times(UUID deployment) {
    return TestDatabase.jdbc()
        .sql("select created_at, building_at, deploying_at from deployments where id = :id")
        .param("id", deployment)
        .query(
            (rs, n) -> {
              Map<String, OffsetDateTime> t = new LinkedHashMap<>();
              for (String column : new String[] {"created_at", "building_at", "deploying_at"}) {
                t.put(column, rs.getObject(column, OffsetDateTime.class));
              }
              return t;
            })
        .single();
  }

  private static void prune() throws IOException, InterruptedException {
    Process prune = new ProcessBuilder("docker", "builder", "prune", "-af").redirectErrorStream(true).start();
    prune.getInputStream().readAllBytes();
    assertThat(prune.waitFor()).isZero();
  }

  private static String comment(String file) {
    return file.endsWith(".py") ? "#" : "//";
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static Map<String, String> nodeApp() {
    return Map.of(
        "app/package.json",
        "{\"name\":\"bench-node\",\"version\":\"1.0.0\",\"scripts\":{\"start\":\"node server.js\"}}\n",
        "app/package-lock.json",
        "{\"name\":\"bench-node\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"requires\":true,"
            + "\"packages\":{\"\":{\"name\":\"bench-node\",\"version\":\"1.0.0\"}}}\n",
        "app/server.js",
        "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
  }

  private static Map<String, String> pythonApp() {
    return Map.of(
        "app/requirements.txt",
        "\n",
        "app/main.py",
        "import http.server, os\n"
            + "http.server.HTTPServer(('', int(os.environ['PORT'])),"
            + " http.server.SimpleHTTPRequestHandler).serve_forever()\n");
  }
}
