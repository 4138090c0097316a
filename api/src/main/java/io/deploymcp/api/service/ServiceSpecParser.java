package io.deploymcp.api.service;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.validation.BuildPack;
import com.fasterxml.jackson.databind.JsonNode;
import io.deploymcp.api.validation.CronSchedule;
import io.deploymcp.api.validation.DockerfilePath;
import io.deploymcp.api.validation.EnvLimits;
import io.deploymcp.api.validation.EnvVars;
import io.deploymcp.api.validation.FieldChecks;
import io.deploymcp.api.validation.GitRef;
import io.deploymcp.api.validation.GithubInstallationId;
import io.deploymcp.api.validation.HealthCheckPath;
import io.deploymcp.api.validation.Port;
import io.deploymcp.api.validation.ProjectName;
import io.deploymcp.api.validation.RepoPolicy;
import io.deploymcp.api.validation.RepoUrl;
import io.deploymcp.api.validation.ReservedNames;
import io.deploymcp.api.validation.ResourceBounds;
import io.deploymcp.api.validation.RootDir;
import io.deploymcp.api.validation.ServiceKind;
import io.deploymcp.api.validation.ServiceName;
import io.deploymcp.api.validation.ValidationException;
import io.deploymcp.api.validation.WatchPaths;
import jakarta.inject.Singleton;

/**
 * Turns a create or update request into a {@link ServiceSpec}, reporting every invalid field
 * at once. The rules live in the value types; this class only applies defaults and the
 * cross-field rules (cron needs a schedule, only cron takes one).
 */
@Singleton
public class ServiceSpecParser {
  public static final String DEFAULT_BRANCH = "main";

  private final ReservedNames reserved;
  private final RepoPolicy repoPolicy;
  private final ResourceBounds bounds;
  private final EnvLimits envLimits;

  public ServiceSpecParser(
      ReservedNames reserved, RepoPolicy repoPolicy, ResourceBounds bounds, EnvLimits envLimits) {
    this.reserved = reserved;
    this.repoPolicy = repoPolicy;
    this.bounds = bounds;
    this.envLimits = envLimits;
  }

  public ServiceSpec parse(CreateServiceRequest r) {
    if (r == null) {
      throw bodyRequired();
    }
    FieldChecks checks = new FieldChecks();
    ServiceName name = checks.check(() -> ServiceName.parse(r.name(), reserved));
    ProjectName project = checks.check(() -> ProjectName.orDefault(r.project()));
    RepoUrl repo = checks.check(() -> RepoUrl.parse(r.repo(), repoPolicy));
    GitRef branch = checks.check(() -> GitRef.parse(r.branch() == null ? DEFAULT_BRANCH : r.branch(), "branch"));
    BuildPack buildPack = checks.check(() -> BuildPack.orDefault(r.buildPack()));
    RootDir rootDir = checks.check(() -> new RootDir(r.rootDir()));
    Port port = checks.check(() -> Port.orDefault(r.port()));
    var cpu = checks.check(() -> bounds.cpu(r.cpu()));
    var memory = checks.check(() -> bounds.memory(r.memory()));
    ServiceKind kind = checks.check(() -> ServiceKind.orDefault(r.kind()));
    CronSchedule schedule = checks.check(() -> schedule(kind, r.schedule()));
    HealthCheckPath health =
        checks.check(() -> r.healthCheckPath() == null ? null : new HealthCheckPath(r.healthCheckPath()));
    EnvVars env = checks.check(() -> EnvVars.parse(r.env(), r.envPlain(), envLimits));
    DockerfilePath dockerfile = checks.check(() -> DockerfilePath.orDefault(r.dockerfilePath()));
    GithubInstallationId installation = checks.check(() -> GithubInstallationId.ofNullable(r.githubInstallationId()));
    WatchPaths watchPaths = checks.check(() -> WatchPaths.parse(r.watchPaths()));
    checks.throwIfInvalid();
    return new ServiceSpec(
        name, project, repo, branch, buildPack, rootDir, port, cpu, memory, kind, schedule, health, env,
        dockerfile, installation, watchPaths);
  }

  /**
   * Applies a PATCH to the current service. Absent fields keep their value; "" clears the
   * optional ones. The result is validated as a whole, like a create.
   */
  public ServiceSpec merge(ServiceView current, UpdateServiceRequest r) {
    if (r == null) {
      throw bodyRequired();
    }
    FieldChecks checks = new FieldChecks();
    if (r.name() != null && !r.name().equals(current.name())) {
      checks.fail(immutable("name"));
    }
    if (r.project() != null && !r.project().equals(current.project())) {
      checks.fail(immutable("project"));
    }
    ServiceName name = new ServiceName(current.name());
    ProjectName project = new ProjectName(current.project());
    RepoUrl repo = checks.check(() -> RepoUrl.parse(or(r.repo(), current.repo()), repoPolicy));
    GitRef branch = checks.check(() -> GitRef.parse(or(r.branch(), current.branch()), "branch"));
    BuildPack buildPack = checks.check(() -> BuildPack.orDefault(or(r.buildPack(), current.buildPack())));
    RootDir rootDir = checks.check(() -> new RootDir(or(r.rootDir(), current.rootDir())));
    Port port = checks.check(() -> new Port(r.port() != null ? r.port() : current.port()));
    var cpu = checks.check(() -> bounds.cpu(or(r.cpu(), current.cpu())));
    var memory = checks.check(() -> bounds.memory(or(r.memory(), current.memory())));
    ServiceKind kind = checks.check(() -> ServiceKind.orDefault(or(r.kind(), current.kind())));
    // Switching away from cron drops the old schedule unless the caller sends one.
    String rawSchedule =
        r.schedule() == null && kind != ServiceKind.CRON ? null : clearable(r.schedule(), current.schedule());
    CronSchedule schedule = checks.check(() -> schedule(kind, rawSchedule));
    String rawHealth = clearable(r.healthCheckPath(), current.healthCheckPath());
    HealthCheckPath health = checks.check(() -> rawHealth == null ? null : new HealthCheckPath(rawHealth));
    DockerfilePath dockerfile =
        checks.check(() -> new DockerfilePath(or(r.dockerfilePath(), current.dockerfilePath())));
    GithubInstallationId installation =
        checks.check(() -> installation(r.githubInstallationId(), current.githubInstallationId()));
    WatchPaths watchPaths =
        checks.check(() -> WatchPaths.parse(r.watchPaths() != null ? r.watchPaths() : current.watchPaths()));
    checks.throwIfInvalid();
    return new ServiceSpec(
        name, project, repo, branch, buildPack, rootDir, port, cpu, memory, kind, schedule, health, EnvVars.empty(),
        dockerfile, installation, watchPaths);
  }

  private static CronSchedule schedule(ServiceKind kind, String raw) {
    if (kind == ServiceKind.CRON && raw == null) {
      throw new ValidationException(ProblemCode.SCHEDULE_REQUIRED, "schedule", "kind cron needs a schedule");
    }
    if (kind != ServiceKind.CRON && kind != null && raw != null) {
      throw new ValidationException(
          ProblemCode.INVALID_SCHEDULE,
          "schedule",
          "schedule applies only to kind cron",
          "Remove schedule, or set kind to cron.");
    }
    return raw == null ? null : new CronSchedule(raw);
  }

  /** PATCH semantics: absent keeps, null clears, a number sets (checked like a create). */
  private static GithubInstallationId installation(JsonNode raw, Long current) {
    if (raw == null) {
      return GithubInstallationId.ofNullable(current);
    }
    if (raw.isNull()) {
      return null;
    }
    if (!raw.isIntegralNumber() || !raw.canConvertToLong()) {
      throw new ValidationException(
          ProblemCode.INVALID_TYPE, GithubInstallationId.FIELD,
          GithubInstallationId.FIELD + " must be an integer or null",
          "Send the installation id as a JSON number, or null to remove it.");
    }
    return new GithubInstallationId(raw.longValue());
  }

  private static String or(String value, String fallback) {
    return value != null ? value : fallback;
  }

  /** PATCH semantics for optional text: absent keeps, "" clears. */
  private static String clearable(String value, String current) {
    if (value == null) {
      return current;
    }
    return value.isEmpty() ? null : value;
  }

  private static ValidationException immutable(String field) {
    return new ValidationException(
        ProblemCode.IMMUTABLE_FIELD, field, field + " cannot be changed",
        "Create a new service to use another " + field + ", then delete this one.");
  }

  static ApiProblem bodyRequired() {
    return new ApiProblem(ProblemCode.MALFORMED_JSON, "A JSON request body is required");
  }
}
