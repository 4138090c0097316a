package io.deploymcp.api.env;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.service.ServiceRepository;
import io.deploymcp.api.service.ServiceView;
import io.deploymcp.api.validation.EnvKey;
import io.deploymcp.api.validation.EnvLimits;
import io.deploymcp.api.validation.EnvVars;
import io.deploymcp.api.validation.ValidationException;
import jakarta.inject.Singleton;
import java.util.List;

/** Set, remove and list a service's env variables; values go in encrypted and never come out. */
@Singleton
public class EnvOperations {
  private final ServiceRepository services;
  private final EnvRepository env;
  private final EnvLimits limits;

  public EnvOperations(ServiceRepository services, EnvRepository env, EnvLimits limits) {
    this.services = services;
    this.env = env;
    this.limits = limits;
  }

  public EnvVarSet put(Caller caller, String serviceName, String rawKey, PutEnvRequest body) {
    EnvKey key = new EnvKey(rawKey);
    if (body == null) {
      throw new ApiProblem(ProblemCode.MALFORMED_JSON, "A JSON body {\"value\": \"...\"} is required");
    }
    EnvVars.checkValue(key, body.value(), limits);
    ServiceView service = service(caller, serviceName);
    if (!env.put(service.id(), key, body.value(), body.secret(), limits.maxVariables())) {
      throw new ValidationException(
          ProblemCode.ENV_TOO_LARGE, "env",
          "Service '" + serviceName + "' already has " + limits.maxVariables() + " env variables",
          "Remove unused variables with DELETE /v1/services/" + serviceName + "/env/{KEY}.");
    }
    EnvVarView stored = env.find(service.id(), key);
    return new EnvVarSet(
        key.value(), stored == null || stored.secret(), stored == null ? null : stored.updatedAt(),
        "Applies with the next deploy: POST /v1/services/" + serviceName + "/deploys.");
  }

  public void delete(Caller caller, String serviceName, String rawKey) {
    EnvKey key = new EnvKey(rawKey);
    ServiceView service = service(caller, serviceName);
    if (!env.delete(service.id(), key)) {
      throw new ApiProblem(
          ProblemCode.NOT_FOUND, "Service '" + serviceName + "' has no env variable " + key,
          "GET /v1/services/" + serviceName + "/env lists its variables.");
    }
  }

  public List<EnvVarView> list(Caller caller, String serviceName) {
    return env.list(service(caller, serviceName).id());
  }

  private ServiceView service(Caller caller, String name) {
    return services
        .find(caller, name)
        .orElseThrow(
            () -> new ApiProblem(
                ProblemCode.NOT_FOUND, "Service '" + name + "' not found",
                "Check the name; GET /v1/services lists your services."));
  }
}
