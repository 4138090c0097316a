package io.deploymcp.api.logs;

import io.deploymcp.api.auth.Caller;
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
import io.deploymcp.store.logs.LogQuery;
import io.deploymcp.store.logs.LogScope;
import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.LogStoreException;
import io.deploymcp.store.logs.LogType;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a service's deployment logs (one code path for REST and MCP). Every parameter
 * is checked before anything is read; the deployment must belong to the named service of the
 * caller's tenant, else it is not found.
 */
@Singleton
public class LogOperations {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  private final ServiceRepository services;
  private final DeploymentRepository deployments;
  private final LogStore store;

  public LogOperations(ServiceRepository services, DeploymentRepository deployments, LogStore store) {
    this.services = services;
    this.deployments = deployments;
    this.store = store;
  }

  public LogPageView read(
      Caller caller, String serviceName, String rawType, String rawDeploymentId, String rawLimit, String rawCursor) {
    LogType type = type(rawType);
    int limit = limit(rawLimit);
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

    LogPage page;
    try {
      page = store.read(
          caller.tenantId(),
          new LogQuery(LogScope.deployment(id), type, cursor == null ? null : cursor.storeCursor(), limit));
    } catch (InvalidLogCursorException e) {
      throw PageRequest.invalidCursor();
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
            .orElseThrow(() -> invalidParameter("type", "type '" + printable(raw) + "' is not a log type", "Use type=build."));
    if (type == LogType.RUNTIME) {
      throw new ApiProblem(
          ProblemCode.LOG_TYPE_NOT_AVAILABLE,
          "Runtime logs are not available yet: they come with the Loki log backend in a later release",
          "Read the build log with type=build; GET /v1/deployments/{id} shows a failed deploy's error and log tail.");
    }
    return type;
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

  private static String printable(String raw) {
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
