package io.deploymcp.api.auth;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import java.util.List;

/**
 * What an API key may reach inside its tenant: every service ({@link #NONE}), only the services
 * named in {@code services}, only the services of {@code project}, or (both set) the named
 * services of that project. Enforced by the application services, so REST, MCP tools and MCP
 * resources refuse alike: a service outside is {@link ProblemCode#KEY_RESTRICTED}, lists leave
 * it out, and tenant-wide operations (API keys, audit log) need an unrestricted key.
 */
public record KeyRestriction(List<String> services, String project) {
  public static final KeyRestriction NONE = new KeyRestriction(null, null);

  public KeyRestriction {
    services = services == null ? null : List.copyOf(services);
  }

  public boolean restricted() {
    return services != null || project != null;
  }

  /** Whether a service of this name in this project is within the key's reach. */
  public boolean admits(String service, String serviceProject) {
    return (services == null || services.contains(service)) && (project == null || project.equals(serviceProject));
  }

  /** Refuses a service outside the key's reach (an existing one, or one to be created). */
  public void check(String service, String serviceProject) {
    if (!admits(service, serviceProject)) {
      throw new ApiProblem(
          ProblemCode.KEY_RESTRICTED,
          "This API key is restricted to " + describe() + "; service '" + service + "'"
              + (project != null && !project.equals(serviceProject) ? " is in project '" + serviceProject + "'" : " is not among them"),
          "Use a key without this restriction, or one restricted to this service (POST /v1/api-keys with services/project).");
    }
  }

  /** Refuses an operation on the whole tenant (API keys, audit log) for a restricted key. */
  public void requireUnrestricted(String what) {
    if (restricted()) {
      throw new ApiProblem(
          ProblemCode.KEY_RESTRICTED,
          what + " needs an unrestricted API key; this one is restricted to " + describe(),
          "Use an admin key without a services or project restriction.");
    }
  }

  /** "services [a, b] of project p", for messages. */
  public String describe() {
    if (!restricted()) {
      return "the whole tenant";
    }
    String names = services == null ? "the services" : "services " + services;
    return project == null ? names : names + " of project '" + project + "'";
  }
}
