package io.deploymcp.worker.config;

import io.deploymcp.worker.cluster.KubernetesAccess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans that are values derived from the settings rather than components of their own. */
@Configuration(proxyBeanMethods = false)
public class WorkerConfiguration {
  @Bean
  KubernetesAccess kubernetesAccess(PlatformSettings settings) {
    return KubernetesAccess.fromEnvironment(settings.kubeconfig());
  }
}
