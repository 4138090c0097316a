package io.deploymcp.api.service;

import io.deploymcp.api.admission.DeployAdmission;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.KeyRestriction;
import io.deploymcp.api.cluster.LiveStatusService;
import io.deploymcp.api.db.Database;
import io.deploymcp.api.db.SqlStates;
import io.deploymcp.api.deployment.DeployPlan;
import io.deploymcp.api.deployment.DeployTrigger;
import io.deploymcp.api.deployment.DeploymentStarts;
import io.deploymcp.api.metrics.MetricsOperations;
import io.deploymcp.api.deployment.DeploymentRepository;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.env.EnvCipher;
import io.deploymcp.api.env.EnvRepository;
import io.deploymcp.api.env.EnvVarView;
import io.deploymcp.api.idempotency.IdempotentRequest;
import io.deploymcp.api.paging.Page;
import io.deploymcp.api.paging.PageRequest;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.project.ProjectRepository;
import io.deploymcp.api.temporal.DeployLaunch;
import io.deploymcp.api.temporal.WorkflowLauncher;
import io.deploymcp.api.validation.DeployEnvironment;
import io.deploymcp.api.validation.ProjectName;
import io.deploymcp.workflows.WorkflowIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The service operations behind REST and MCP: create, read, list, update, delete, and the dry
 * runs of create and update.
 * Writes commit first and start the workflow second; when the start fails, the rows are
 * removed again and the caller gets 503, so nothing is left half-written.
 */
@Singleton
public class ServiceOperations {
  private static final Logger LOG = Logger.getLogger(ServiceOperations.class);
  private static final String REDEPLOY_HINT = "Changes apply with the next deploy: POST /v1/services/%s/deploys.";

  private final Database db;
  private final ServiceSpecParser parser;
  private final ServiceRepository services;
  private final ProjectRepository projects;
  private final DeploymentRepository deployments;
  private final EnvRepository env;
  private final EnvCipher cipher;
  private final WorkflowLauncher launcher;
  private final MeterRegistry metrics;
  private final LiveStatusService liveStatus;
  private final IdempotentRequest idempotentRequest;
  private final DeployAdmission admission;
  private final Timer createTimer;

  private final DeploymentStarts starts;
  private final MetricsOperations serviceMetrics;

  public ServiceOperations(
      Database db,
      ServiceSpecParser parser,
      ServiceRepository services,
      ProjectRepository projects,
      DeploymentRepository deployments,
      EnvRepository env,
      EnvCipher cipher,
      WorkflowLauncher launcher,
      MeterRegistry metrics,
      LiveStatusService liveStatus,
      IdempotentRequest idempotentRequest,
      DeployAdmission admission,
      DeploymentStarts starts,
      MetricsOperations serviceMetrics) {
    this.starts = starts;
    this.serviceMetrics = serviceMetrics;
    this.db = db;
    this.parser = parser;
    this.services = services;
    this.projects = projects;
    this.deployments = deployments;
    this.env = env;
    this.cipher = cipher;
    this.launcher = launcher;
    this.metrics = metrics;
    this.liveStatus = liveStatus;
    this.idempotentRequest = idempotentRequest;
    this.admission = admission;
    this.createTimer =
        Timer.builder("dp.services.create")
            .description("Time to create a service and start its first deploy")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
  }

  /** What a create did: made a new service, or found the identical one already there. */
  public record CreateOutcome(CreatedService body, boolean created) {}

  /** Creates a service through the REST API; see the overload. */
  public CreateOutcome create(Caller caller, CreateServiceRequest request) {
    return create(caller, request, DeployTrigger.API);
  }

  /** Creates a service and starts its first deploy, recorded as started by {@code trigger}. */
  public CreateOutcome create(Caller caller, CreateServiceRequest request, DeployTrigger trigger) {
    ServiceSpec spec = parse(caller, request);
    if (spec.env().size() > 0) {
      cipher.requireConfigured();
    }
    // Refused past the bounds before anything is read or written (DeployAdmission).
    try (DeployAdmission.Permit admitted = admission.admit(caller.tenantId())) {
      return createAdmitted(caller, spec, trigger);
    }
  }

  private CreateOutcome createAdmitted(Caller caller, ServiceSpec spec, DeployTrigger trigger) {
    Timer.Sample sample = Timer.start(metrics);
    Optional<CreateOutcome> existing = existing(caller, spec);
    if (existing.isPresent()) {
      return existing.get();
    }
    UUID serviceId = UUID.randomUUID();
    UUID deploymentId = UUID.randomUUID();
    ProjectRepository.Ensured project;
    try {
      project =
          db.transactionRaw(
              c -> {
                ProjectRepository.Ensured p = projects.ensure(c, caller.tenantId(), spec.project().value());
                services.insert(c, serviceId, caller.tenantId(), p.id(), spec);
                env.insertAll(c, serviceId, spec.env());
                deployments.insertQueued(
                    c, deploymentId, caller.tenantId(), serviceId,
                    DeployEnvironment.PRODUCTION.wireName(), spec.branch().value(), trigger);
                return p;
              });
    } catch (SQLException e) {
      if (SqlStates.isUniqueViolation(e, ServiceRepository.NAME_UNIQUE)) {
        // Lost a race for the name: the winner committed before our insert failed.
        return existing(caller, spec).orElseThrow(() -> nameTaken(spec.name().value()));
      }
      throw Database.translate(e);
    }
    try {
      launcher.startDeploy(
          new DeployLaunch(
              caller.tenantId(), caller.tenantName(), serviceId, spec.name().value(), deploymentId,
              spec.repo().value(), DeployEnvironment.PRODUCTION.wireName(), spec.branch().value()));
    } catch (ApiProblem e) {
      undoCreate(serviceId, deploymentId, project);
      throw e;
    }
    starts.started(trigger, DeployEnvironment.PRODUCTION.wireName());
    metrics.counter("dp.services.created").increment();
    sample.stop(createTimer);
    ServiceView view = get(caller, spec.name().value());
    return new CreateOutcome(
        new CreatedService(
            view, deploymentId, view.latestDeployment(), false,
            "The deploy runs in the background: poll GET /v1/deployments/" + deploymentId + "."),
        true);
  }

  /**
   * What {@link #create} would do with this request, checked the same way (every field, the
   * name free or already this tenant's with the same repo, env storable), writing and starting
   * nothing.
   */
  public CreatePlan planCreate(Caller caller, CreateServiceRequest request) {
    ServiceSpec spec = parse(caller, request);
    if (spec.env().size() > 0) {
      cipher.requireConfigured();
    }
    ServiceSettings settings = ServiceSettings.of(spec);
    String name = spec.name().value();
    Optional<CreateOutcome> existing = existing(caller, spec);
    if (existing.isPresent()) {
      return new CreatePlan(
          true, "none", ServiceSettings.of(existing.get().body().service()), services.url(name), false, List.of(), null,
          "The service already exists with this repo: create_service would return it and build nothing.");
    }
    if (services.nameInUse(name)) {
      throw nameTaken(name);
    }
    boolean projectCreated = !projects.exists(caller.tenantId(), spec.project().value());
    List<EnvVarView> env =
        spec.env().values().keySet().stream()
            .map(key -> new EnvVarView(key.value(), spec.env().isSecret(key), null))
            .sorted(java.util.Comparator.comparing(EnvVarView::key))
            .toList();
    DeployPlan deploy =
        new DeployPlan(
            true, name, DeployEnvironment.PRODUCTION.wireName(), spec.branch().value(), "service_branch", null);
    return new CreatePlan(
        true, "create", settings, services.url(name), projectCreated, env, deploy,
        "Would create service " + name + (projectCreated ? " in the new project " : " in project ")
            + spec.project().value() + " and start its first deploy of branch " + spec.branch().value()
            + "; run again without dry_run to do it.");
  }

  /**
   * Parses a create; a project-restricted key creates in its project when none is named, and
   * may create only what it could reach afterwards (KEY_RESTRICTED before anything is written).
   */
  private ServiceSpec parse(Caller caller, CreateServiceRequest request) {
    KeyRestriction restriction = caller.restriction();
    CreateServiceRequest r = request;
    if (r != null && r.project() == null && restriction.project() != null) {
      r = r.withProject(restriction.project());
    }
    ServiceSpec spec = parser.parse(r);
    restriction.check(spec.name().value(), spec.project().value());
    return spec;
  }

  /** The service from the platform's records (what other operations build on). */
  public ServiceView get(Caller caller, String name) {
    return services.find(caller, name).orElseThrow(() -> notFound(name));
  }

  /**
   * GET /v1/services/{name} and get_service: the service with each environment's live status
   * from the cluster (cached briefly; "unavailable" or "not_configured" instead of an error).
   */
  public ServiceView show(Caller caller, String name) {
    ServiceView service = liveStatus.withLive(caller, get(caller, name));
    return service.withHealth(serviceMetrics.health(caller, service));
  }

  public Page<ServiceView> list(Caller caller, String project, PageRequest page) {
    String projectName = project == null ? null : new ProjectName(project).value();
    KeyRestriction restriction = caller.restriction();
    if (projectName != null && restriction.project() != null && !projectName.equals(restriction.project())) {
      throw new ApiProblem(
          ProblemCode.KEY_RESTRICTED,
          "This API key is restricted to " + restriction.describe() + ", not project '" + projectName + "'",
          "Omit project, or pass project " + restriction.project() + ".");
    }
    return services.list(caller.tenantId(), projectName, restriction, page);
  }

  public UpdatedService update(Caller caller, String name, UpdateServiceRequest request) {
    ServiceView current = get(caller, name);
    ServiceSpec spec = parser.merge(current, request);
    boolean updated = db.transaction(c -> services.update(c, current.id(), spec));
    if (!updated) {
      throw notFound(name);
    }
    return new UpdatedService(get(caller, name), REDEPLOY_HINT.formatted(name));
  }

  /** The fields {@link #update} would change, checked the same way, writing nothing. */
  public UpdatePlan planUpdate(Caller caller, String name, UpdateServiceRequest request) {
    ServiceView current = get(caller, name);
    ServiceSpec spec = parser.merge(current, request);
    List<ServiceSettings.FieldChange> changes = ServiceSettings.of(current).changesTo(ServiceSettings.of(spec));
    return new UpdatePlan(
        true, name, changes,
        changes.isEmpty()
            ? "Nothing would change."
            : "Would change " + changes.size() + " setting(s); they apply with the next deploy. Run again without dry_run to save them.");
  }

  public DeletedService delete(Caller caller, String name) {
    if (caller.restriction().restricted()) {
      get(caller, name); // KEY_RESTRICTED before the row is touched
    }
    Optional<UUID> marked = db.transaction(c -> services.markDeleted(c, caller.tenantId(), name));
    if (marked.isEmpty()) {
      // A retry of a delete whose API process died after marking: answer as the first attempt
      // would have, and make sure the cleanup runs.
      Optional<UUID> earlier = takeoverSince().flatMap(since -> services.findDeletedSince(caller.tenantId(), name, since));
      if (earlier.isEmpty()) {
        throw notFound(name);
      }
      LOG.infof("service %s was marked deleted by an earlier attempt of this request; starting its cleanup", name);
      marked = earlier;
    }
    UUID id = marked.get();
    try {
      launcher.startDelete(caller.tenantId(), id, name, caller.tenantName());
    } catch (ApiProblem e) {
      try {
        db.transactionRaw(
            c -> {
              services.restore(c, id);
              return null;
            });
      } catch (SQLException restoreFailed) {
        // The name was taken again meanwhile; the service stays deleted without cleanup.
        LOG.errorf("service %s stays deleted but its cleanup did not start: %s", id, restoreFailed.getMessage());
      }
      throw e;
    }
    return new DeletedService(
        id, name, "deleting", WorkflowIds.deleteService(id),
        "The name is free now; running deployments are cancelled and the service's objects removed in the background.");
  }

  /**
   * The same tenant already runs this name: the identical create (same repo) returns it with
   * its latest deployment instead of building again; a different repo is a conflict.
   */
  private Optional<CreateOutcome> existing(Caller caller, ServiceSpec spec) {
    Optional<ServiceView> found = services.find(caller, spec.name().value());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ServiceView service = found.get();
    if (!service.repo().equals(spec.repo().value())) {
      throw new ApiProblem(
          ProblemCode.NAME_TAKEN,
          "You already have a service named '" + service.name() + "' with another repo",
          "Pick another name, or change the repo with PATCH /v1/services/" + service.name() + ".");
    }
    DeploymentView latest = service.latestDeployment();
    if (latest != null && "queued".equals(latest.status()) && latest.sourceDeploymentId() == null) {
      resume(caller, service, latest);
    }
    return Optional.of(
        new CreateOutcome(
            new CreatedService(
                service, latest == null ? null : latest.id(), latest, true,
                "This service already exists with this repo; nothing new was built. Deploy again with POST /v1/services/"
                    + service.name() + "/deploys."),
            false));
  }

  /**
   * The identical create again, its deployment still queued: the first create may have died
   * between its commit and the workflow start (an API process killed there), so start it now;
   * Temporal deduplicates by workflow id when it runs already.
   */
  private void resume(Caller caller, ServiceView service, DeploymentView queued) {
    try {
      launcher.startDeploy(
          new DeployLaunch(
              caller.tenantId(), caller.tenantName(), service.id(), service.name(), queued.id(), service.repo(),
              queued.environment(), queued.requestedRef()));
    } catch (ApiProblem e) {
      // Temporal is unreachable now: the launch reconciler starts it later.
      LOG.warnf("could not make sure deployment %s runs: %s", queued.id(), e.getMessage());
    }
  }

  private Optional<java.time.Instant> takeoverSince() {
    if (!io.quarkus.arc.Arc.container().requestContext().isActive()) {
      return Optional.empty();
    }
    return idempotentRequest.takeoverOfAttemptSince();
  }

  private void undoCreate(UUID serviceId, UUID deploymentId, ProjectRepository.Ensured project) {
    try {
      db.transactionRaw(
          c -> {
            deployments.delete(c, deploymentId);
            env.deleteAll(c, serviceId);
            services.delete(c, serviceId);
            if (project.created()) {
              projects.deleteIfEmpty(c, project.id());
            }
            return null;
          });
    } catch (SQLException e) {
      LOG.errorf("could not remove service %s after its deploy failed to start: %s", serviceId, e.getMessage());
    }
  }

  static ApiProblem notFound(String name) {
    return new ApiProblem(
        ProblemCode.NOT_FOUND,
        "Service '" + name + "' not found",
        "Check the name; GET /v1/services lists your services.");
  }

  private static ApiProblem nameTaken(String name) {
    return new ApiProblem(
        ProblemCode.NAME_TAKEN,
        "The name '" + name + "' is taken",
        "Pick another name; service names are global because each is a subdomain.");
  }
}
