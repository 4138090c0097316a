package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.KnownMetrics;
import io.deploymcp.infra.support.PromQl;
import org.junit.jupiter.api.Test;

/** The metric-name finder of the dashboard and alert tests, on queries that trip a naive one. */
class PromQlTest {

  @Test
  void aPlainSelectorAndARangeName() {
    assertThat(PromQl.metricNames("up")).containsExactly("up");
    assertThat(PromQl.metricNames("rate(dp_builds_skipped_total{job=\"deploy-mcp-worker\"}[5m])"))
        .containsExactly("dp_builds_skipped_total");
  }

  @Test
  void labelNamesInMatchersAndGroupingListsAreNotMetrics() {
    assertThat(PromQl.metricNames(
        "sum by (le, phase) (rate(dp_deployment_phase_seconds_bucket{outcome=\"ok\", phase!~\"clone|build\"}[$window]))"))
        .containsExactly("dp_deployment_phase_seconds_bucket");
    assertThat(PromQl.metricNames("sum without (instance, pod) (up) / ignoring (code) group_left count(x_total) by (job)"))
        .containsExactly("up", "x_total");
    assertThat(PromQl.metricNames(
        "a_total * on (namespace) group_left (label_dp_ml_ink_tenant) kube_namespace_labels{label_dp_ml_ink_tenant!=\"\"}"))
        .containsExactly("a_total", "kube_namespace_labels");
    assertThat(PromQl.metricNames("a * on(x) group_left b")).containsExactly("a", "b");
  }

  @Test
  void functionsAggregationsKeywordsAndLiteralsAreNotMetrics() {
    assertThat(PromQl.metricNames(
        "histogram_quantile(0.99, sum(rate(h_bucket[5m])) by (le)) > bool 1e-9 and on() vector(0) or absent(m) unless time() - inf"))
        .containsExactly("h_bucket", "m");
    assertThat(PromQl.metricNames("clamp_min(-deriv(free_bytes[24h]), 1e-9) + 2^30 + 0x1f + .5"))
        .containsExactly("free_bytes");
    assertThat(PromQl.metricNames("topk (5, x) offset 1h30m")).containsExactly("x");
    assertThat(PromQl.metricNames("max_over_time(a[1h:5m] @ end())")).containsExactly("a");
    assertThat(PromQl.metricNames("SUM(a) OR b")).as("keywords in any case").containsExactly("a", "b");
  }

  @Test
  void stringsGrafanaVariablesAndRecordingRuleNames() {
    assertThat(PromQl.metricNames(
        "label_replace(up{job=~\"a|b\"}, \"dst\", \"not_a_metric $1\", \"src\", \"(.*)\") * on(pod) ${factor:raw} * $scale"))
        .containsExactly("up");
    assertThat(PromQl.metricNames("sum(rate(x{a=\"}{(\\\"\"}[$__rate_interval]))")).containsExactly("x");
    assertThat(PromQl.metricNames("job:dp_deployments_finished:rate5m")).containsExactly("job:dp_deployments_finished:rate5m");
  }

  @Test
  void aSelectorByNameNamesIt() {
    assertThat(PromQl.metricNames("{__name__=\"dp_deployments_active\", job=\"a\"}")).containsExactly("dp_deployments_active");
    assertThat(PromQl.metricNames("{__name__=~\"dp_.*\"}")).as("a regex names no single metric").isEmpty();
  }

  @Test
  void theKnownListSaysWhereANameComesFrom() {
    KnownMetrics known = KnownMetrics.load();
    assertThat(known.source("dp_deployments_queued")).contains("platform");
    assertThat(known.source("kube_node_status_condition")).contains("exporter kube-state-metrics");
    assertThat(known.source("temporal_worker_task_slots_available")).contains("platform");
    assertThat(known.source("dp_deployments_queue")).as("a name only a prefix of a known one").isEmpty();
    assertThat(known.source("traefik_entrypoint_requests_total")).isEmpty();
  }
}
