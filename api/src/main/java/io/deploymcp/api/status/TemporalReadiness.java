package io.deploymcp.api.status;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness includes Temporal: without it the API can read but cannot start deploys. */
@Readiness
@Singleton
public class TemporalReadiness implements HealthCheck {
  private final ComponentProbes probes;

  public TemporalReadiness(ComponentProbes probes) {
    this.probes = probes;
  }

  @Override
  public HealthCheckResponse call() {
    ComponentStatus status = probes.temporal();
    return HealthCheckResponse.named("temporal")
        .status(status.state() == ComponentState.OK)
        .withData("reason", status.reason())
        .build();
  }
}
