package io.deploymcp.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.kube.settings.LargestService;
import io.deploymcp.worker.support.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The worker reads the maximum the API published (real PostgreSQL with the store's migrations)
 * and checks its quotas against it, so a worker whose DP_LIMITS_* disagree is told, not trusted.
 */
class ApiServiceLimitsTest {
  /** The seed's quota (requests.memory 4Gi): too small for the API's default 8Gi service. */
  private static final Map<String, String> SEED_QUOTA = Map.of(
      "DP_QUOTA_REQUESTS_CPU", "4", "DP_QUOTA_REQUESTS_MEMORY", "4Gi",
      "DP_QUOTA_LIMITS_CPU", "8", "DP_QUOTA_LIMITS_MEMORY", "8Gi");

  @Test
  void whatTheApiPublishedIsRead() {
    var jdbc = TestDatabase.jdbc();
    jdbc.sql("insert into published_settings (name, value, published_by) values ('service_limits',"
        + " '{\"cpu_max\": \"2\", \"memory_max\": \"3Gi\"}', 'api')").update();
    try {
      assertThat(ApiServiceLimits.read(TestDatabase.dataSource())).contains(new LargestService("2", "3Gi"));
    } finally {
      jdbc.sql("delete from published_settings where name = 'service_limits'").update();
    }
    assertThat(ApiServiceLimits.read(TestDatabase.dataSource())).isEmpty();
  }

  @Test
  void aDatabaseWithoutTheTableIsNoPublicationButNoFailureEither() {
    try (EmbeddedPostgres bare = EmbeddedPostgres.startTemporary()) {
      assertThat(ApiServiceLimits.read(new DriverManagerDataSource(bare.jdbcUrl(), bare.user(), ""))).isEmpty();
    }
  }

  @Test
  void theQuotasAreCheckedAgainstTheApisMaximumNotTheWorkersOwnCopy() {
    // The worker's own DP_LIMITS_MEMORY_MAX 4Gi would fit the seed's quota; the API accepts 8Gi.
    Map<String, String> env = new java.util.HashMap<>(SEED_QUOTA);
    env.put("DP_LIMITS_MEMORY_MAX", "4Gi");

    List<String> problems = problems(env, Optional.of(new LargestService("4", "8Gi")));

    assertThat(problems).containsExactly(
        "DP_QUOTA_REQUESTS_MEMORY: 4Gi cannot hold one pod of the largest service the API accepts"
            + " (DP_LIMITS_CPU_MAX 4, DP_LIMITS_MEMORY_MAX 8Gi), which needs 8Gi; raise it, or lower the"
            + " API's maximum (its DP_LIMITS_*)");
    assertThat(ClusterConfiguration.fromEnvironment(env::get).warnings())
        .as("without a publication the worker's own copy is used, as before").hasSize(2);
  }

  @Test
  void aWorkerCopyThatDisagreesIsAWarningAndOneThatAgreesInOtherUnitsIsNot() {
    ClusterConfiguration differing = ClusterConfiguration.fromEnvironment(
        Map.of("DP_LIMITS_CPU_MAX", "2", "DP_LIMITS_MEMORY_MAX", "1Gi")::get, Optional.of(new LargestService("4", "8Gi")));
    ClusterConfiguration same = ClusterConfiguration.fromEnvironment(
        Map.of("DP_LIMITS_CPU_MAX", "4000m", "DP_LIMITS_MEMORY_MAX", "8192Mi")::get, Optional.of(new LargestService("4", "8Gi")));

    assertThat(differing.largestService()).isEqualTo(new LargestService("4", "8Gi"));
    assertThat(differing.warnings()).contains(
        "DP_LIMITS_CPU_MAX 2 / DP_LIMITS_MEMORY_MAX 1Gi on this worker differ from the maximum the API accepts"
            + " (4 / 8Gi, published at its start): the quotas are checked against the API's; set the same values"
            + " on both, or none on the worker");
    assertThat(same.warnings()).noneMatch(w -> w.contains("differ from the maximum"));
  }

  private static List<String> problems(Map<String, String> env, Optional<LargestService> published) {
    try {
      ClusterConfiguration.fromEnvironment(env::get, published);
    } catch (ClusterConfiguration.InvalidException e) {
      return e.problems();
    }
    throw new AssertionError("accepted: " + env);
  }
}
