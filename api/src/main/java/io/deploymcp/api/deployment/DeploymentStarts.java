package io.deploymcp.api.deployment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * {@code dp_deployments_started_total{trigger, environment}}: counted where a deployment's
 * workflow was started for a row this request wrote (create, deploy, publish, rollback, webhook),
 * so a replayed or refused request counts nothing. Both labels are closed sets.
 */
@Singleton
public class DeploymentStarts {
  private final MeterRegistry metrics;

  public DeploymentStarts(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  public void started(DeployTrigger trigger, String environment) {
    Counter.builder("dp.deployments.started")
        .description("Deployments started, by what started them and the environment")
        .tag("trigger", trigger.wireName())
        .tag("environment", environment)
        .register(metrics)
        .increment();
  }
}
