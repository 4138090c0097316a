package io.deploymcp.worker.temporal;

import io.deploymcp.temporal.TemporalSettings;
import io.deploymcp.temporal.TemporalStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The worker's Temporal connection from the TEMPORAL_* variables, checked by temporal-client
 * exactly as the API checks them. The starter builds the service stubs; this customizer adds
 * TLS, the server name and the API key to them. A bad variable fails this bean, and
 * {@link TemporalStartFailureAnalyzer} turns that into one line per variable.
 */
@Configuration(proxyBeanMethods = false)
public class TemporalConnection {

  @Bean
  TemporalSettings temporalSettings(Environment environment) {
    return TemporalSettings.fromVariables(
        name ->
            switch (name) {
              // The starter reads these two from its own properties (application.properties
              // maps them from TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE): check what it uses.
              case "TEMPORAL_ADDRESS" -> environment.getProperty("spring.temporal.connection.target");
              case "TEMPORAL_NAMESPACE" -> environment.getProperty("spring.temporal.namespace");
              default -> environment.getProperty(name);
            });
  }

  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> temporalCredentials(TemporalSettings settings) {
    return builder -> TemporalStubsOptions.apply(settings, builder);
  }
}
