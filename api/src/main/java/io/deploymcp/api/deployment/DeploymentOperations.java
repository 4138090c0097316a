package io.deploymcp.api.deployment;

import io.deploymcp.api.admission.DeployAdmission;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.db.Database;
import io.deploymcp.api.db.SqlStates;
import io.deploymcp.api.db.SqlWork;
import io.deploymcp.api.idempotency.IdempotentRequest;
import io.quarkus.arc.Arc;
import io.deploymcp.api.paging.Page;
import io.deploymcp.api.paging.PageRequest;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.registrygc.CollectedImageRule;
import io.deploymcp.api.service.ServiceRepository;
import io.deploymcp.api.service.ServiceView;
import io.deploymcp.api.temporal.DeployLaunch;
import io.deploymcp.api.temporal.WorkflowLauncher;
import io.deploymcp.api.validation.DeployEnvironment;
import io.deploymcp.api.validation.FieldChecks;
import io.deploymcp.api.validation.GitRef;
import io.deploymcp.api.validation.RequestedCommit;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Deploy, read and cancel deployments: the one code path behind REST, MCP tools and webhooks. */
@Singleton
public class DeploymentOperations {
  private static final Logger LOG = Logger.getLogger(DeploymentOperations.class);

  private final Database db;
  private final ServiceRepository services;
  private final DeploymentRepository deployments;
  private final WorkflowLauncher launcher;
  private final CollectedImageRule collectedImages;
  private final IdempotentRequest idempotentRequest;
  private final DeployAdmission admission;
  private final DeploymentStarts starts;

  public DeploymentOperations(
      Database db, ServiceRepository services, DeploymentRepository deployments, WorkflowLauncher launcher,
      CollectedImageRule collectedImages, IdempotentRequest idempotentRequest, DeployAdmission admission,
      DeploymentStarts starts) {
    this.starts = starts;
    this.db = db;
    this.services = services;
    this.deployments = deployments;
    this.launcher = launcher;
    this.collectedImages = collectedImages;
    this.idempotentRequest = idempotentRequest;
    this.admission = admission;
  }

  /** Starts a new deployment of the service through the REST API; see the overload. */
  public DeploymentView deploy(Caller caller, String serviceName, DeployRequestBody body) {
    return deploy(caller, serviceName, body, DeployTrigger.API);
  }

  /**
   * Starts a new deployment of the service, recorded as started by {@code trigger} (api, mcp);
   * a newer deploy supersedes older active ones.
   */
  public DeploymentView deploy(Caller caller, String serviceName, DeployRequestBody body, DeployTrigger trigger) {
    DeployRequest request = parse(body);
    ServiceView service = service(caller, serviceName);
    UUID deploymentId =
        start(
            new DeployTarget(caller.tenantId(), caller.tenantName(), service.id(), service.name(), service.repo()),
            request.environment(), request.ref(service), trigger);
    return deployments.get(caller.tenantId(), deploymentId);
  }

  /**
   * The deploy {@link #deploy} would start, checked the same way (every field, the service
   * exists), writing and starting nothing.
   */
  public DeployPlan planDeploy(Caller caller, String serviceName, DeployRequestBody body) {
    DeployRequest request = parse(body);
    ServiceView service = service(caller, serviceName);
    String ref = request.ref(service);
    return new DeployPlan(
        true, service.name(), request.environment().wireName(), ref, request.refSource(),
        "Would start a " + request.environment().wireName() + " deploy of " + service.name() + " at ref " + ref
            + "; run again without dry_run to start it.");
  }

  /** A validated deploy request: the commit (wins) or branch asked for, and the environment. */
  private record DeployRequest(RequestedCommit commit, GitRef branch, DeployEnvironment environment) {
    String ref(ServiceView service) {
      return commit != null ? commit.value() : branch != null ? branch.value() : service.branch();
    }

    String refSource() {
      return commit != null ? "commit" : branch != null ? "branch" : "service_branch";
    }
  }

  private static DeployRequest parse(DeployRequestBody body) {
    DeployRequestBody request = body == null ? new DeployRequestBody(null, null, null) : body;
    FieldChecks checks = new FieldChecks();
    RequestedCommit commit = checks.check(() -> request.commit() == null ? null : RequestedCommit.parse(request.commit()));
    GitRef branch = checks.check(() -> request.branch() == null ? null : GitRef.parse(request.branch(), "branch"));
    DeployEnvironment environment = checks.check(() -> DeployEnvironment.orDefault(request.environment()));
    checks.throwIfInvalid();
    return new DeployRequest(commit, branch, environment);
  }

  /** The service a deploy starts for, with the names Temporal's search attributes and memo show. */
  public record DeployTarget(UUID tenantId, String tenantName, UUID serviceId, String serviceName, String repo) {}

  /**
   * The one way a deployment from source starts, whoever asks (REST, MCP, webhook): a queued
   * row is committed, then the workflow starts; when Temporal refuses, the row is removed again
   * and the caller gets 503 TEMPORAL_UNAVAILABLE. Returns the new deployment's id.
   */
  public UUID start(DeployTarget target, DeployEnvironment environment, String ref, DeployTrigger trigger) {
    UUID deploymentId = newDeploymentId(target, environment);
    launch(
        deploymentId,
        trigger,
        c -> {
          deployments.insertQueued(
              c, deploymentId, target.tenantId(), target.serviceId(), environment.wireName(), ref, trigger);
          return true;
        },
        new DeployLaunch(
            target.tenantId(), target.tenantName(), target.serviceId(), target.serviceName(), deploymentId,
            target.repo(), environment.wireName(), ref));
    return deploymentId;
  }

  /**
   * Starts a deployment that runs the image of an earlier one (publish, rollback): no checkout,
   * no build. The row copies the source's commit and image and records where it came from; the
   * workflow gets the image by digest. Same commit-then-start and compensation as {@link #start}.
   * Throws {@code notRunnable} when the source is not (any longer) a deployment of this service
   * that ran with an image, and 409 IMAGE_COLLECTED when registry garbage collection deleted its
   * image (checked in the insert's transaction, under the lock claims take).
   */
  public UUID startFromImage(
      DeployTarget target, DeploymentView source, DeployEnvironment environment, DeployTrigger trigger,
      Supplier<ApiProblem> notRunnable) {
    UUID deploymentId = newDeploymentId(target, environment);
    String ref = source.commitSha() != null ? source.commitSha() : source.requestedRef();
    boolean inserted =
        launch(
            deploymentId,
            trigger,
            c -> {
              collectedImages.requireAvailable(c, source, target.serviceName());
              return deployments.insertFromSource(
                  c, deploymentId, target.serviceId(), source.id(), environment.wireName(), trigger);
            },
            new DeployLaunch(
                target.tenantId(), target.tenantName(), target.serviceId(), target.serviceName(), deploymentId,
                target.repo(), environment.wireName(), ref, source.imageRef(), source.id()));
    if (!inserted) {
      throw notRunnable.get();
    }
    return deploymentId;
  }

  /**
   * Commits the row {@code insert} writes, then starts the workflow; nothing starts when the
   * insert wrote nothing (returns false), and the row is removed again when Temporal refuses.
   */
  private boolean launch(UUID deploymentId, DeployTrigger trigger, SqlWork<Boolean> insert, DeployLaunch launch) {
    // Refused past the bounds before the row is written (DeployAdmission).
    try (DeployAdmission.Permit admitted = admission.admit(launch.tenantId())) {
      return launchAdmitted(deploymentId, trigger, insert, launch);
    }
  }

  private boolean launchAdmitted(
      UUID deploymentId, DeployTrigger trigger, SqlWork<Boolean> insert, DeployLaunch launch) {
    boolean inserted;
    try {
      inserted = db.transactionRaw(insert);
    } catch (SQLException e) {
      if (!SqlStates.isUniqueViolation(e, "deployments_pkey") || !firstAttemptMade(deploymentId, launch)) {
        throw Database.translate(e);
      }
      // A retry of a request whose API process died after this insert (its id derives from the
      // Idempotency-Key): the row is there; make sure its workflow runs, and answer with it.
      LOG.infof("deployment %s was written by an earlier attempt of this request; starting its workflow", deploymentId);
      launcher.startDeploy(launch);
      return true;
    }
    if (!inserted) {
      return false;
    }
    try {
      launcher.startDeploy(launch);
    } catch (ApiProblem e) {
      try {
        db.transactionRaw(
            c -> {
              deployments.delete(c, deploymentId);
              return null;
            });
      } catch (SQLException undo) {
        LOG.errorf("could not remove deployment %s after its workflow failed to start: %s", deploymentId, undo.getMessage());
      }
      throw e;
    }
    // Not on the retry path above: the earlier attempt wrote that row and may have counted it.
    starts.started(trigger, launch.environment());
    return true;
  }

  /**
   * Random, or derived from the request's Idempotency-Key (and the service and environment, as a
   * webhook delivery may start several), so every attempt of one request names the same row.
   */
  private UUID newDeploymentId(DeployTarget target, DeployEnvironment environment) {
    if (!Arc.container().requestContext().isActive()) {
      return UUID.randomUUID();
    }
    return idempotentRequest
        .id("deployment\n" + target.serviceId() + "\n" + environment.wireName())
        .orElseGet(UUID::randomUUID);
  }

  /** The row with that id is this request's own (same tenant and service), from an earlier attempt. */
  private boolean firstAttemptMade(UUID deploymentId, DeployLaunch launch) {
    return db.read(
        c -> {
          try (var ps = c.prepareStatement("select 1 from deployments where id = ? and tenant_id = ? and service_id = ?")) {
            ps.setObject(1, deploymentId);
            ps.setObject(2, launch.tenantId());
            ps.setObject(3, launch.serviceId());
            try (var rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  public DeploymentView get(Caller caller, String id) {
    return admitted(caller, deployments.get(caller.tenantId(), parseId(id)));
  }

  public Page<DeploymentView> list(Caller caller, String serviceName, PageRequest page) {
    ServiceView service = service(caller, serviceName);
    return deployments.listForService(service.id(), service.name(), page);
  }

  /** Requests cancellation; the workflow records {@code cancelled} when it stops. */
  public CancelledDeployment cancel(Caller caller, String id) {
    UUID deploymentId = parseId(id);
    DeploymentView deployment = admitted(caller, deployments.get(caller.tenantId(), deploymentId));
    if (DeploymentRepository.isTerminal(deployment)) {
      throw finished(deployment);
    }
    if (!launcher.cancel(deployment.workflowId())) {
      // The workflow is gone (e.g. ended between our read and the cancel): record it here.
      if (!deployments.markCancelledIfActive(deploymentId)) {
        throw finished(deployments.get(caller.tenantId(), deploymentId));
      }
      return new CancelledDeployment(deployments.get(caller.tenantId(), deploymentId), "The deployment is cancelled.");
    }
    return new CancelledDeployment(
        deployments.get(caller.tenantId(), deploymentId),
        "Cancellation requested: the status becomes cancelled once the workflow stops; poll GET /v1/deployments/"
            + deploymentId + ".");
  }

  /** The deployment, when its service is within the caller's key restriction (else KEY_RESTRICTED). */
  private DeploymentView admitted(Caller caller, DeploymentView deployment) {
    if (caller.restriction().restricted()) {
      service(caller, deployment.service());
    }
    return deployment;
  }

  private ServiceView service(Caller caller, String name) {
    return services
        .find(caller, name)
        .orElseThrow(
            () -> new ApiProblem(
                ProblemCode.NOT_FOUND, "Service '" + name + "' not found",
                "Check the name; GET /v1/services lists your services."));
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("Deployment " + id);
    }
  }

  private static ApiProblem finished(DeploymentView deployment) {
    return new ApiProblem(
        ProblemCode.DEPLOYMENT_FINISHED,
        "Deployment " + deployment.id() + " already ended with status " + deployment.status());
  }
}
