package io.deploymcp.worker.config;

import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.PostgresLogStore;
import javax.sql.DataSource;
import io.deploymcp.worker.cluster.KubernetesAccess;
import org.springframework.context.annotation.Bean;
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

  @Bean
  KubernetesAccess kubernetesAccess(PlatformSettings settings) {
    return KubernetesAccess.fromEnvironment(settings.kubeconfig());
  }
}
