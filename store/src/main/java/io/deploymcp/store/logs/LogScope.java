package io.deploymcp.store.logs;

import java.util.Objects;
import java.util.UUID;

/** Whose lines a query reads: one deployment's, or every deployment's of one service. */
public sealed interface LogScope {

  /** The lines of one deployment. */
  record OfDeployment(UUID deploymentId) implements LogScope {
    public OfDeployment {
      Objects.requireNonNull(deploymentId, "deploymentId");
    }
  }

  /** The lines of all deployments of a service, the newest deployment's first. */
  record OfService(UUID serviceId) implements LogScope {
    public OfService {
      Objects.requireNonNull(serviceId, "serviceId");
    }
  }

  static LogScope deployment(UUID deploymentId) {
    return new OfDeployment(deploymentId);
  }

  static LogScope service(UUID serviceId) {
    return new OfService(serviceId);
  }
}
