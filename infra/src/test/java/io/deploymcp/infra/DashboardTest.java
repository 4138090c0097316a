package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraPaths;
import io.deploymcp.infra.support.KnownMetrics;
import io.deploymcp.infra.support.PromQl;
import io.deploymcp.infra.support.RequiredTool;
import io.deploymcp.infra.support.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards of infra/monitoring/dashboards (one ConfigMap each, created by
 * install.sh for Grafana's dashboard sidecar): each parses, has a uid and a title, every panel
 * has a query on a datasource values/grafana.yml provisions, every PromQL query parses (promtool)
 * and names only known metrics, and the per-service dashboard has the seed's two LogQL queries.
 */
class DashboardTest {
  private static final Path DIR = InfraPaths.infra().resolve("monitoring/dashboards");
  /** Panels that show no data of their own. */
  private static final Set<String> WITHOUT_QUERIES = Set.of("row", "text");
  /** kubectl apply keeps the whole object in an annotation, limited to 256 KiB. */
  private static final int MAX_BYTES = 200 * 1024;

  @TempDir Path work;

  @Test
  void theFiveDashboardsParseWithUniqueUidsAndTitles() throws IOException {
    Map<String, JsonNode> dashboards = dashboards();
    assertThat(dashboards.keySet()).containsExactlyInAnyOrder(
        "platform-overview", "build-pipeline", "tenant-usage", "registry", "service");
    Set<String> uids = new TreeSet<>();
    for (var entry : dashboards.entrySet()) {
      JsonNode d = entry.getValue();
      assertThat(d.path("uid").asString()).as("%s uid", entry.getKey()).matches("dp-[a-z-]{3,36}");
      assertThat(d.path("title").asString()).as("%s title", entry.getKey()).startsWith("Deploy MCP / ");
      assertThat(d.path("panels").size()).as(entry.getKey()).isGreaterThan(5);
      uids.add(d.path("uid").asString());
      assertThat(Files.size(DIR.resolve(entry.getKey() + ".json"))).as(entry.getKey()).isLessThan(MAX_BYTES);
    }
    assertThat(uids).hasSize(dashboards.size());
  }

  @Test
  void everyPanelHasATitleAQueryAndAProvisionedDatasource() {
    Set<String> provisioned = provisionedDatasourceUids();
    assertThat(provisioned).containsExactlyInAnyOrder("prometheus", "loki");
    dashboards().forEach((name, d) -> {
      Set<String> titles = new TreeSet<>();
      for (JsonNode panel : d.path("panels")) {
        String where = name + " / " + panel.path("title").asString();
        assertThat(titles.add(panel.path("title").asString())).as("%s: one panel of that title", where).isTrue();
        assertThat(panel.path("title").asString()).as("%s title", where).isNotBlank();
        assertThat(panel.has("gridPos")).as(where).isTrue();
        if (WITHOUT_QUERIES.contains(panel.path("type").asString())) {
          continue;
        }
        assertThat(panel.path("targets").size()).as("%s has a query", where).isPositive();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("expr").asString()).as("%s query", where).isNotBlank();
          assertThat(provisioned).as("%s datasource", where).contains(target.path("datasource").path("uid").asString());
        }
      }
    });
  }

  @Test
  void everyPromQlQueryParsesInPromtool() throws IOException {
    Path promtool = RequiredTool.require("promtool", "Debian: apt-get install prometheus");
    // Each query as a recording rule, its Grafana variables replaced by what Grafana would send.
    List<Map<String, Object>> records = new ArrayList<>();
    promQl().forEach((where, expr) -> records.add(new LinkedHashMap<>(Map.of(
        "record", "dashboard_query_" + records.size(), "expr", withVariablesFilledIn(expr),
        "labels", Map.of("panel", where)))));
    Map<String, Object> file = Map.of("groups", List.of(Map.of("name", "dashboards", "rules", records)));
    Files.writeString(work.resolve("queries.yml"), new org.yaml.snakeyaml.Yaml().dump(file));

    RequiredTool.Result check = RequiredTool.run(work, 60, promtool.toString(), "check", "rules", "queries.yml");

    assertThat(check.exitCode()).as("promtool check rules:\n%s", check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + records.size() + " rules found");
  }

  @Test
  void everyMetricAPanelOrVariableQueriesIsKnown() {
    KnownMetrics known = KnownMetrics.load();
    Map<String, Set<String>> unknown = new TreeMap<>();
    Set<String> used = new TreeSet<>();
    promQl().forEach((where, expr) -> {
      Set<String> names = PromQl.metricNames(expr);
      assertThat(names).as("%s selects a metric", where).isNotEmpty();
      used.addAll(names);
      names.stream().filter(n -> known.source(n).isEmpty()).forEach(n -> unknown.computeIfAbsent(n, k -> new TreeSet<>()).add(where));
    });
    assertThat(unknown).as("metrics neither in the contract nor from a standard exporter (%s)", KnownMetrics.file()).isEmpty();
    assertThat(used).contains("dp_deployments_started_total", "dp_deployments_finished_total", "dp_build_cache_steps_total",
        "dp_builds_skipped_total", "dp_deployment_queue_wait_seconds_bucket", "dp_mcp_tool_calls_total",
        "dp_event_streams_active", "container_cpu_usage_seconds_total", "traefik_service_requests_total");
  }

  @Test
  void theServiceDashboardShowsTheSeedsRuntimeAndBuildLogs() {
    JsonNode service = dashboards().get("service");
    List<String> logQl = new ArrayList<>();
    for (JsonNode panel : service.path("panels")) {
      if (panel.path("type").asString().equals("logs")) {
        assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("loki");
        panel.path("targets").forEach(t -> logQl.add(t.path("expr").asString()));
      }
    }
    // Seed 001 §10: {namespace="dp-max-catapp",app="api"} and {job="build",tenant="max",project="catapp",service="api"}.
    assertThat(logQl).containsExactlyInAnyOrder(
        "{namespace=\"$namespace\", app=\"$service\"}",
        "{job=\"build\", tenant=\"$tenant\", project=\"$project\", service=\"$service\"}");
    Set<String> variables = new TreeSet<>();
    service.path("templating").path("list").forEach(v -> variables.add(v.path("name").asString()));
    assertThat(variables).contains("namespace", "service", "tenant", "project");
  }

  @Test
  void cacheHitRatioIsCachedOverCachedPlusBuilt() {
    String ratio = promQl().entrySet().stream().filter(e -> e.getKey().equals("build-pipeline / Cache hit ratio"))
        .findFirst().orElseThrow().getValue();
    assertThat(ratio.replace(" ", "")).contains(
        "sum(increase(dp_build_cache_steps_total{job=\"deploy-mcp-worker\",result=\"cached\"}[$window]))/(sum(increase("
            + "dp_build_cache_steps_total{job=\"deploy-mcp-worker\",result=\"cached\"}[$window]))+sum(increase("
            + "dp_build_cache_steps_total{job=\"deploy-mcp-worker\",result=\"built\"}[$window])))");
  }

  /** Every Prometheus expression: panel targets and query variables, keyed "dashboard / panel". */
  private static Map<String, String> promQl() {
    Map<String, String> queries = new LinkedHashMap<>();
    dashboards().forEach((name, d) -> {
      for (JsonNode panel : d.path("panels")) {
        int i = 0;
        for (JsonNode target : panel.path("targets")) {
          if (target.path("datasource").path("uid").asString().equals("prometheus")) {
            String key = name + " / " + panel.path("title").asString() + (i++ == 0 ? "" : " #" + i);
            queries.put(key, target.path("expr").asString());
          }
        }
      }
      for (JsonNode variable : d.path("templating").path("list")) {
        if (variable.path("type").asString().equals("query")) {
          queries.put(name + " / $" + variable.path("name").asString(), labelValuesSelector(variable.path("definition").asString()));
        }
      }
    });
    return queries;
  }

  /** Grafana's label_values(selector, label): the selector is PromQL, the label is not. */
  private static String labelValuesSelector(String query) {
    assertThat(query).as("variable queries are label_values(selector, label)").matches("label_values\\((.+), *[a-zA-Z_][a-zA-Z0-9_]*\\)");
    return query.replaceFirst("^label_values\\((.+), *[a-zA-Z_][a-zA-Z0-9_]*\\)$", "$1");
  }

  private static String withVariablesFilledIn(String expr) {
    return expr.replace("$__rate_interval", "2m").replace("$window", "6h").replaceAll("\\$[a-z_]+", "x");
  }

  private static Map<String, JsonNode> dashboards() {
    JsonMapper json = JsonMapper.builder().build();
    Map<String, JsonNode> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        out.put(f.getFileName().toString().replaceFirst("\\.json$", ""), json.readTree(InfraPaths.read(f)));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  private static Set<String> provisionedDatasourceUids() {
    Set<String> uids = new TreeSet<>();
    Map<String, Object> files = Yaml.map(Yaml.single(InfraPaths.read(InfraPaths.values("grafana.yml"))), "datasources");
    for (Object ds : Yaml.list(files.get("datasources.yaml"), "datasources")) {
      uids.add((String) Yaml.at(ds, "uid"));
    }
    return uids;
  }
}
