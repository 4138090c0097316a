package io.deploymcp.worker.config;

import io.deploymcp.store.logs.LogStore;
import io.deploymcp.worker.build.BuildLogShipper;
import io.deploymcp.worker.build.LokiBuildLogShipper;
import io.deploymcp.store.logs.PostgresLogStore;
import javax.sql.DataSource;
import io.deploymcp.worker.cluster.KubernetesAccess;
import io.deploymcp.worker.cluster.ProjectLocks;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.context.annotation.Configuration;

/** Beans that are values derived from the settings rather than components of their own. */
@Configuration(proxyBeanMethods = false)
public class WorkerConfiguration {
  /** Build logs go to PostgreSQL, bounded per deployment (DP_BUILD_LOG_LINES). */
  @Bean
  LogStore logStore(DataSource dataSource, BuildSettings build) {
    return new PostgresLogStore(
        dataSource, build.logLinesPerDeployment(), PostgresLogStore.DEFAULT_MAX_LINE_LENGTH);
  }

  /**
   * With LOKI_URL (or LOKI_PUSH_URL, the push endpoint itself) every masked build log line also
   * goes to Loki; PostgreSQL stays the store the API and the live event stream read by default.
   */
  @Bean
  BuildLogShipper buildLogShipper(LokiSettings loki, PlatformSettings platform) {
    return loki.pushUrl(platform.lokiPushUrl())
        .<BuildLogShipper>map(url -> new LokiBuildLogShipper(url, loki.sendQueueBytes()))
        .orElse(BuildLogShipper.NONE);
  }

  @Bean
  KubernetesAccess kubernetesAccess(PlatformSettings settings) {
    return KubernetesAccess.fromEnvironment(settings.kubeconfig());
  }

  /**
   * The cluster settings of docs/kubernetes.md §7 from their environment variables (also as
   * {@code --DP_X=...} arguments), all checked here: a bad value stops the start with a message
   * naming each variable ({@link ClusterConfigurationFailureAnalyzer}).
   */
  @Bean
  ClusterConfiguration clusterConfiguration(Environment environment, DataSource dataSource) {
    return ClusterConfiguration.fromEnvironment(environment::getProperty, ApiServiceLimits.read(dataSource));
  }

  /**
   * The project locks' own sessions: one new connection per lock, never one of the pool (see
   * {@link ProjectLocks}).
   */
  @Bean
  ProjectLocks projectLocks(
      @Value("${spring.datasource.url}") String url,
      @Value("${spring.datasource.username:}") String user,
      @Value("${spring.datasource.password:}") String password) {
    return new ProjectLocks(new DriverManagerDataSource(url, user, password));
  }
}
