package io.deploymcp.api.logs;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.cluster.ClusterClient;
import io.deploymcp.api.cluster.ClusterErrors;
import io.deploymcp.api.env.EnvSecretValues;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.status.RuntimeLogReader;
import io.deploymcp.kube.status.RuntimeLogs;
import io.deploymcp.store.logs.LineMasker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import io.deploymcp.api.db.Database;
import io.deploymcp.api.deployment.DeploymentRepository;
import io.deploymcp.api.paging.Limit;
import io.deploymcp.api.paging.PageRequest;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.FieldError;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.service.ServiceRepository;
import io.deploymcp.api.service.ServiceView;
import io.deploymcp.store.logs.InvalidLogCursorException;
import io.deploymcp.store.logs.LogPage;
import io.deploymcp.api.logs.loki.LokiException;
import io.deploymcp.store.logs.LogFilter;
import io.deploymcp.store.logs.LogOrder;
import io.deploymcp.store.logs.LogStoreException;
import io.deploymcp.store.logs.LogType;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Reads a service's build logs (from the PostgreSQL log store, or Loki when LOKI_URL is set) and
 * its runtime logs (from the cluster's pod log API, or Loki), one code path for REST and MCP, with
 * the same filters everywhere they apply ({@link LogFilterParser}). Every parameter is checked
 * before anything is read; the deployment must belong to the named service of the caller's
 * tenant, else it is not found.
 */
@Singleton
public class LogOperations {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  /** At most this many bytes of runtime log text per read (the line limit applies too). */
  public static final int RUNTIME_MAX_BYTES = 256 * 1024;

  /** With a contains or level filter, the pod log path looks at this many newest lines per container. */
  static final int RUNTIME_FILTERED_TAIL = 5000;

  private final ServiceRepository services;
  private final DeploymentRepository deployments;
  private final LogBackends backends;
  private final ClusterClient cluster;
  private final EnvSecretValues secrets;
  private final Clock clock = Clock.systemUTC();

  public LogOperations(
      ServiceRepository services, DeploymentRepository deployments, LogBackends backends, ClusterClient cluster,
      EnvSecretValues secrets) {
    this.services = services;
    this.deployments = deployments;
    this.backends = backends;
    this.cluster = cluster;
    this.secrets = secrets;
  }

  /** Every parameter of a log read, as sent (null when absent). */
  public record Params(
      String type, String deploymentId, String limit, String cursor, String environment, String previous,
      String since, String until, String contains, String level, String order) {

    public Params(
        String type, String deploymentId, String limit, String cursor, String environment, String previous) {
      this(type, deploymentId, limit, cursor, environment, previous, null, null, null, null, null);
    }
  }

  /**
   * GET /v1/services/{name}/logs and get_logs: the build log of a deployment ({@code type=build},
   * default) or the runtime log of an environment's pods ({@code type=runtime}).
   */
  public LogsView read(Caller caller, String serviceName, Params params) {
    LogType type = type(params.type());
    if (type == LogType.RUNTIME) {
      return readRuntime(caller, serviceName, params);
    }
    onlyForRuntime("environment", params.environment());
    onlyForRuntime("previous", params.previous());
    return readBuild(caller, serviceName, params);
  }

  /** The build log (type=build). */
  public LogPageView read(
      Caller caller, String serviceName, String rawType, String rawDeploymentId, String rawLimit, String rawCursor) {
    if (type(rawType) == LogType.RUNTIME) {
      throw invalidParameter("type", "this read is for build logs", "Use type=build.");
    }
    return readBuild(caller, serviceName, new Params(rawType, rawDeploymentId, rawLimit, rawCursor, null, null));
  }

  private LogFilter filter(Params params) {
    return new LogFilterParser(clock).parse(
        params.since(), params.until(), params.contains(), params.level(), params.order());
  }

  private LogPageView readBuild(Caller caller, String serviceName, Params params) {
    LogType type = LogType.BUILD;
    String rawDeploymentId = params.deploymentId();
    String rawCursor = params.cursor();
    int limit = limit(params.limit());
    LogFilter filter = filter(params);
    UUID requested = rawDeploymentId == null || rawDeploymentId.isEmpty() ? null : deploymentId(rawDeploymentId);
    LogCursor cursor = rawCursor == null || rawCursor.isEmpty() ? null : LogCursor.decode(rawCursor);
    if (cursor != null && requested != null && !cursor.deploymentId().equals(requested)) {
      throw new ApiProblem(
          ProblemCode.INVALID_CURSOR, "The cursor belongs to another deployment than deployment_id",
          "Pass next_cursor with the same deployment_id it came with, or without deployment_id.");
    }

    ServiceView service =
        services.find(caller, serviceName).orElseThrow(() -> serviceNotFound(serviceName));
    UUID deploymentId = cursor != null ? cursor.deploymentId() : requested;
    String status;
    if (deploymentId == null) {
      Optional<UUID> latest = deployments.latestId(service.id());
      if (latest.isEmpty()) {
        return new LogPageView(service.name(), null, null, type.wireName(), List.of(), null);
      }
      deploymentId = latest.get();
    }
    UUID id = deploymentId;
    DeploymentRepository.Found found =
        deployments
            .find(caller.tenantId(), id)
            .filter(f -> f.serviceId().equals(service.id()))
            .orElseThrow(() -> deploymentNotFound(id, service.name()));
    status = found.view().status();

    BuildLogTarget target = new BuildLogTarget(
        caller.tenantId(), caller.tenantName(), service.project(), service.name(), id,
        found.view().createdAt(), found.view().finishedAt());
    LogPage page;
    try {
      page = backends.build().read(target, filter, cursor == null ? null : cursor.storeCursor(), limit);
    } catch (InvalidLogCursorException e) {
      throw PageRequest.invalidCursor();
    } catch (LokiException e) {
      throw logsUnavailable(e);
    } catch (LogStoreException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw Database.translate(sql);
      }
      throw e;
    }
    List<LogLineView> items =
        page.entries().stream().map(e -> new LogLineView(e.seq(), e.at(), e.stream(), e.line())).toList();
    String next = page.nextCursor() == null ? null : new LogCursor(id, page.nextCursor()).encode();
    return new LogPageView(service.name(), id, status, type.wireName(), items, next);
  }

  private static LogType type(String raw) {
    if (raw == null || raw.isEmpty()) {
      return LogType.BUILD;
    }
    LogType type =
        LogType.fromWireName(raw)
            .orElseThrow(() -> invalidParameter(
                "type", "type '" + printable(raw) + "' is not a log type", "Use type=build or type=runtime."));
    return type;
  }

  /**
   * type=runtime: the newest lines of the environment's pods from the cluster, secret env values
   * masked. Parameters are checked first, then the service, then whether there is a cluster.
   */
  private RuntimeLogView readRuntime(Caller caller, String serviceName, Params params) {
    DeployEnvironment environment = environment(params.environment());
    boolean previous = previous(params.previous());
    int limit = limit(params.limit());
    LogFilter filter = filter(params);
    if (params.deploymentId() != null && !params.deploymentId().isEmpty()) {
      throw invalidParameter(
          "deployment_id", "runtime logs are read from an environment's pods, not from a deployment",
          "Omit deployment_id and pass environment=production or preview.");
    }
    boolean loki = backends.runtime().isPresent();
    String cursor = params.cursor() == null || params.cursor().isEmpty() ? null : params.cursor();
    if (!loki) {
      if (cursor != null) {
        throw invalidParameter(
            "cursor", "runtime logs from the pod log API are not paged",
            "Omit cursor; raise limit (up to " + MAX_LIMIT + ") or narrow since/contains/level.");
      }
      if (filter.until() != null) {
        throw invalidParameter(
            "until", "the pod log API cannot bound runtime logs above (only since)",
            "Omit until; with Loki configured (LOKI_URL on the API) until works for runtime logs too.");
      }
    } else if (previous) {
      throw invalidParameter(
          "previous", "with Loki every container instance's lines are read, crashed ones included",
          "Omit previous; narrow with since/until to the time of the crash.");
    }
    ServiceView service =
        services.find(caller.tenantId(), serviceName).orElseThrow(() -> serviceNotFound(serviceName));
    LineMasker masker = LineMasker.of(secrets.of(service.id()));
    ProjectRef project = new ProjectRef(caller.tenantName(), service.project());
    if (loki) {
      try {
        return backends.runtime().get().read(project, service.name(), environment, filter, masker, cursor, limit);
      } catch (InvalidLogCursorException e) {
        throw PageRequest.invalidCursor();
      } catch (LokiException e) {
        throw logsUnavailable(e);
      }
    }
    KubernetesClient client = cluster.client().orElseThrow(() -> new ApiProblem(
        ProblemCode.CLUSTER_NOT_CONFIGURED,
        "Runtime logs need the cluster: " + cluster.notConfiguredReason(),
        "Read the build log with type=build; the operator sets KUBECONFIG (or LOKI_URL) for the API to enable runtime logs."));
    boolean narrowed = filter.contains() != null || filter.level() != null;
    // Mask first, then filter: a search for a secret value must not tell whether it occurs.
    UnaryOperator<String> transform = line -> {
      String masked = masker.mask(line);
      return filter.accepts(null, masked) ? masked : null;
    };
    RuntimeLogs logs;
    try {
      logs = new RuntimeLogReader(client, Clock.systemUTC()).read(
          project, service.name(), environment, previous, filter.since(), transform, limit,
          narrowed ? RUNTIME_FILTERED_TAIL : limit + 1, RUNTIME_MAX_BYTES);
    } catch (RuntimeException e) {
      throw new ApiProblem(
          ProblemCode.CLUSTER_UNAVAILABLE, "Runtime logs could not be read: " + ClusterErrors.describe(e),
          ProblemCode.CLUSTER_UNAVAILABLE.defaultHint());
    }
    List<RuntimeLogView.Line> items = logs.lines().stream()
        .map(l -> new RuntimeLogView.Line(l.pod(), l.container(), null, l.line()))
        .toList();
    if (filter.order() == LogOrder.OLDEST_FIRST) {
      items = items.reversed();
    }
    return new RuntimeLogView(
        service.name(), LogType.RUNTIME.wireName(), environment.wireName(), previous, logs.workload(), items,
        logs.truncated(), logs.notes().stream().map(masker::mask).toList(), logs.observedAt(), "kubernetes", null);
  }

  private static ApiProblem logsUnavailable(LokiException e) {
    return new ApiProblem(
        ProblemCode.LOGS_UNAVAILABLE, "Logs could not be read: " + e.getMessage(),
        ProblemCode.LOGS_UNAVAILABLE.defaultHint());
  }

  private static DeployEnvironment environment(String raw) {
    if (raw == null || raw.isEmpty()) {
      return DeployEnvironment.PRODUCTION;
    }
    try {
      return DeployEnvironment.fromWireName(raw);
    } catch (IllegalArgumentException e) {
      // The same code as an unknown environment of a deploy.
      String detail = "environment '" + printable(raw) + "' is not production or preview";
      String hint = "Use environment=production (default) or environment=preview.";
      throw new ApiProblem(
          ProblemCode.INVALID_ENVIRONMENT, detail, hint,
          List.of(new FieldError("environment", ProblemCode.INVALID_ENVIRONMENT.name(), detail, hint)), Map.of());
    }
  }

  private static boolean previous(String raw) {
    if (raw == null || raw.isEmpty() || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw invalidParameter(
        "previous", "previous '" + printable(raw) + "' is not true or false",
        "Use previous=true for the container instance before the last restart (e.g. the one that crashed).");
  }

  private static void onlyForRuntime(String field, String raw) {
    if (raw != null && !raw.isEmpty()) {
      throw invalidParameter(
          field, field + " applies to type=runtime only", "Omit " + field + ", or pass type=runtime.");
    }
  }

  private static int limit(String raw) {
    Integer parsed = Limit.parse(raw);
    int n = parsed == null ? DEFAULT_LIMIT : parsed;
    if (n < 1 || n > MAX_LIMIT) {
      throw new ApiProblem(
          ProblemCode.INVALID_LIMIT, "limit " + n + " is outside 1-" + MAX_LIMIT,
          "Use a limit between 1 and " + MAX_LIMIT + " for logs.");
    }
    return n;
  }

  private static UUID deploymentId(String raw) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw invalidParameter(
          "deployment_id", "deployment_id '" + printable(raw) + "' is not a deployment id",
          "Use the id of one of the service's deployments (GET /v1/services/{name}/deployments), or omit it for the latest.");
    }
  }

  private static ApiProblem invalidParameter(String field, String detail, String hint) {
    return new ApiProblem(
        ProblemCode.INVALID_PARAMETER, detail, hint,
        List.of(new FieldError(field, ProblemCode.INVALID_PARAMETER.name(), detail, hint)), Map.of());
  }

  static String printable(String raw) {
    String cut = raw.length() > 64 ? raw.substring(0, 64) + "…" : raw;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static ApiProblem serviceNotFound(String name) {
    return new ApiProblem(
        ProblemCode.NOT_FOUND, "Service '" + name + "' not found",
        "Check the name; GET /v1/services lists your services.");
  }

  private static ApiProblem deploymentNotFound(UUID id, String service) {
    return new ApiProblem(
        ProblemCode.NOT_FOUND, "Deployment " + id + " of service '" + service + "' not found",
        "GET /v1/services/" + service + "/deployments lists its deployments; omit deployment_id for the latest.");
  }
}
