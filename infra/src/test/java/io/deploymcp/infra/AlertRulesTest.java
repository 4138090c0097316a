package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraPaths;
import io.deploymcp.infra.support.InfraSettings;
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
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/k8s/70-prometheus-rules.yml, rendered with the default settings: its {@code spec} is the
 * plain rules file promtool checks, and each alert's unit test in infra/monitoring/rule-tests
 * passes under {@code promtool test rules} (Debian's prometheus package; skipped without it,
 * failing under CI=true).
 */
class AlertRulesTest {
  private static final Path RULES = InfraPaths.infra().resolve("k8s/70-prometheus-rules.yml");
  private static final Path TESTS = InfraPaths.infra().resolve("monitoring/rule-tests");

  @TempDir Path work;

  @Test
  void promtoolChecksTheRulesAndEveryAlertsUnitTestPasses() throws IOException {
    Path promtool = RequiredTool.require("promtool", "Debian: apt-get install prometheus");
    writeRulesAndTests(spec());

    RequiredTool.Result check = RequiredTool.run(work, 60, promtool.toString(), "check", "rules", "rules.yml");
    assertThat(check.exitCode()).as("promtool check rules:\n%s", check.output()).isZero();

    List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
    command.addAll(testFiles().stream().map(f -> f.getFileName().toString()).toList());
    RequiredTool.Result test = RequiredTool.run(work, 120, command.toArray(String[]::new));
    assertThat(test.exitCode()).as("promtool test rules:\n%s", test.output()).isZero();
    assertThat(test.output().split("SUCCESS", -1)).hasSize(testFiles().size() + 1);
  }

  @Test
  void theUnitTestsFailWhenARuleChanges() throws IOException {
    Path promtool = RequiredTool.require("promtool", "Debian: apt-get install prometheus");
    // The same rules with the failure-rate threshold moved from 25 % to 60 %: the test that
    // expects the alert at 50 % must fail.
    String moved = InfraSettings.defaults().render(InfraPaths.read(RULES)).replace(") > 0.25", ") > 0.6");
    writeRulesAndTests(Yaml.map(Yaml.single(moved), "spec"));

    RequiredTool.Result test = RequiredTool.run(work, 60, promtool.toString(), "test", "rules", "DeployFailureRateHigh.yml");
    assertThat(test.exitCode()).as(test.output()).isNotZero();
    assertThat(test.output()).contains("FAILED").contains("alertname: DeployFailureRateHigh");
  }

  @Test
  void everyAlertHasAForASeverityAndTextThatSaysWhatToDo() {
    for (Map<String, Object> rule : rules()) {
      String alert = (String) rule.get("alert");
      assertThat(alert).as("only alerts, no recording rules").isNotNull();
      assertThat((String) rule.get("for")).as("%s for", alert).matches("[0-9]+[smh]");
      assertThat(Yaml.map(rule, "labels")).as(alert).containsKey("severity");
      assertThat((String) Yaml.map(rule, "labels").get("severity")).as(alert).isIn("warning", "critical");
      Map<String, Object> annotations = Yaml.map(rule, "annotations");
      assertThat((String) annotations.get("summary")).as("%s summary", alert).isNotBlank();
      assertThat((String) annotations.get("description")).as("%s description", alert).hasSizeGreaterThan(120);
    }
    Set<String> alerts = alertNames();
    assertThat(alerts).contains("DeployFailureRateHigh", "DeployQueueBacklog", "DeployWorkerDown", "DeployWorkerAbsent",
        "RegistryDiskLow", "NodeNotReady", "LokiDiscardingLogs", "LokiIngestionFailing");
  }

  @Test
  void everyAlertHasAUnitTestFileThatSeesItFireAndNotFire() {
    Set<String> files = new TreeSet<>();
    for (Path file : testFiles()) {
      String alert = file.getFileName().toString().replaceFirst("\\.yml$", "");
      files.add(alert);
      boolean fires = false;
      boolean quiet = false;
      for (Object test : Yaml.list(Yaml.single(InfraPaths.read(file)), "tests")) {
        for (Object check : Yaml.list(test, "alert_rule_test")) {
          assertThat(Yaml.at(check, "alertname")).as("%s tests only its own alert", file).isEqualTo(alert);
          boolean expected = !Yaml.list(check, "exp_alerts").isEmpty();
          fires |= expected;
          quiet |= !expected;
        }
      }
      assertThat(fires).as("%s has a case where the alert fires", file).isTrue();
      assertThat(quiet).as("%s has a case where it does not", file).isTrue();
    }
    assertThat(files).isEqualTo(alertNames());
  }

  @Test
  void everyMetricTheRulesUseIsKnown() {
    KnownMetrics known = KnownMetrics.load();
    Set<String> used = new TreeSet<>();
    for (Map<String, Object> rule : rules()) {
      Set<String> names = PromQl.metricNames((String) rule.get("expr"));
      assertThat(names).as("%s selects something", rule.get("alert")).isNotEmpty();
      used.addAll(names);
    }
    assertThat(used).allSatisfy(name ->
        assertThat(known.source(name)).as("%s in %s", name, KnownMetrics.file()).isPresent());
    assertThat(used).contains("dp_deployments_finished_total", "dp_deployments_queued", "up",
        "node_filesystem_avail_bytes", "kube_node_status_condition", "loki_discarded_samples_total");
  }

  private void writeRulesAndTests(Map<String, Object> spec) throws IOException {
    Files.writeString(work.resolve("rules.yml"), new org.yaml.snakeyaml.Yaml().dump(spec));
    for (Path file : testFiles()) {
      Files.copy(file, work.resolve(file.getFileName()));
    }
  }

  private static Map<String, Object> spec() {
    return Yaml.map(Yaml.single(InfraSettings.defaults().render(InfraPaths.read(RULES))), "spec");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules() {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object group : Yaml.list(spec(), "groups")) {
      for (Object rule : Yaml.list(group, "rules")) {
        rules.add(new LinkedHashMap<>((Map<String, Object>) rule));
      }
    }
    return rules;
  }

  private static Set<String> alertNames() {
    Set<String> names = new TreeSet<>();
    rules().forEach(r -> names.add((String) r.get("alert")));
    return names;
  }

  private static List<Path> testFiles() {
    try (Stream<Path> files = Files.list(TESTS)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
