package io.deploymcp.api.release;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.deployment.DeployTrigger;
import io.deploymcp.api.deployment.DeploymentOperations;
import io.deploymcp.api.deployment.DeploymentOperations.DeployTarget;
import io.deploymcp.api.deployment.DeploymentRepository;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.registrygc.CollectedImageRule;
import io.deploymcp.api.service.ServiceOperations;
import io.deploymcp.api.service.ServiceView;
import io.deploymcp.api.validation.DeployEnvironment;
import io.deploymcp.api.validation.ValidationException;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Publish (production runs the preview's exact image) and rollback (production returns to an
 * earlier image): the one code path behind REST and MCP. Neither builds: each is a new
 * production deployment that copies its source's commit and image, records the source, and
 * starts {@code DeployWorkflow} with the image by digest, which supersedes older production
 * deploys like any other deploy. Every check runs before anything is written, so a refused
 * request leaves no row and no workflow.
 */
@Singleton
public class ReleaseOperations {
  static final String PUBLISH = "publish";
  static final String ROLLBACK = "rollback";

  private final ServiceOperations services;
  private final DeploymentRepository deployments;
  private final DeploymentOperations starter;
  private final ReleaseRepository releases;
  private final CollectedImageRule collectedImages;

  public ReleaseOperations(
      ServiceOperations services, DeploymentRepository deployments, DeploymentOperations starter,
      ReleaseRepository releases, CollectedImageRule collectedImages) {
    this.services = services;
    this.deployments = deployments;
    this.starter = starter;
    this.releases = releases;
    this.collectedImages = collectedImages;
  }

  /** A checked publish or rollback: what production would run instead of what. */
  private record Release(
      String action, ServiceView service, String source, DeploymentView image, Optional<DeploymentView> live) {}

  public DeploymentView publish(Caller caller, String serviceName, PublishRequest body) {
    return start(caller, resolvePublish(caller, serviceName, body), DeployTrigger.PUBLISH);
  }

  public ReleasePlan planPublish(Caller caller, String serviceName, PublishRequest body) {
    return plan(available(resolvePublish(caller, serviceName, body)));
  }

  public DeploymentView rollback(Caller caller, String serviceName, RollbackRequest body) {
    return start(caller, resolveRollback(caller, serviceName, body), DeployTrigger.ROLLBACK);
  }

  public ReleasePlan planRollback(Caller caller, String serviceName, RollbackRequest body) {
    return plan(available(resolveRollback(caller, serviceName, body)));
  }

  /** A plan says what the release would do, so it refuses an image the registry lost as the release would. */
  private Release available(Release release) {
    collectedImages.requireAvailable(release.image(), release.service().name());
    return release;
  }

  private Release resolvePublish(Caller caller, String serviceName, PublishRequest body) {
    UUID named = deploymentId(body == null ? null : body.deploymentId());
    ServiceView service = services.get(caller, serviceName);
    DeploymentView image;
    String source;
    if (named != null) {
      image = owned(caller, service, named);
      source = "named";
      if (!DeployEnvironment.PREVIEW.wireName().equals(image.environment())) {
        throw notPublishable(image, "it is a production deployment (rollback returns production to an earlier one)");
      }
      requireRan(image, reason -> notPublishable(image, reason));
    } else {
      source = "live_preview";
      image =
          releases.live(service.id(), service.name(), DeployEnvironment.PREVIEW)
              .filter(d -> d.imageRef() != null)
              .orElseThrow(
                  () -> new ApiProblem(
                      ProblemCode.NOTHING_TO_PUBLISH,
                      "Service '" + service.name() + "' has no live preview deployment to publish",
                      "Deploy to preview first (POST /v1/services/" + service.name()
                          + "/deploys with environment preview) and wait until it is running."));
    }
    return checked(new Release(PUBLISH, service, source, image, productionLive(service)));
  }

  private Release resolveRollback(Caller caller, String serviceName, RollbackRequest body) {
    UUID named = deploymentId(body == null ? null : body.deploymentId());
    ServiceView service = services.get(caller, serviceName);
    Optional<DeploymentView> live = productionLive(service);
    DeploymentView image;
    String source;
    if (named != null) {
      image = owned(caller, service, named);
      source = "named";
      if (!DeployEnvironment.PRODUCTION.wireName().equals(image.environment())) {
        throw notRollbackable(image, "it is a preview deployment (publish runs a preview deployment in production)");
      }
      requireRan(image, reason -> notRollbackable(image, reason));
    } else {
      source = "previous_good";
      if (live.isEmpty()) {
        throw new ApiProblem(
            ProblemCode.NOTHING_TO_ROLL_BACK,
            "Service '" + service.name() + "' has no live production deployment to roll back from",
            "Nothing has rolled out in production yet: deploy (POST /v1/services/" + service.name()
                + "/deploys) and wait until it is running.");
      }
      if (releases.headIsNotLive(service.id())) {
        // The last attempt did not become live (e.g. it crash-looped while the old version kept
        // serving): the previous good is the live deployment itself, applied again.
        return new Release(ROLLBACK, service, "live", live.get(), live);
      }
      image =
          releases.previousGood(service.id(), service.name())
              .orElseThrow(
                  () -> new ApiProblem(
                      ProblemCode.NOTHING_TO_ROLL_BACK,
                      "No production deployment of '" + service.name() + "' ran before the live one ("
                          + live.get().id() + ") with another image",
                      "Name a deployment with deployment_id, or deploy a fix; GET /v1/services/" + service.name()
                          + "/deployments lists the deployments."));
    }
    return checked(new Release(ROLLBACK, service, source, image, live));
  }

  /**
   * Refuses a release that would change nothing: production already runs this exact image and
   * no other production deploy is under way (one that is would be superseded, so the release
   * then still matters).
   */
  private Release checked(Release release) {
    Optional<DeploymentView> live = release.live();
    if (live.isPresent()
        && release.image().imageRef().equals(live.get().imageRef())
        && !releases.hasActive(release.service().id(), DeployEnvironment.PRODUCTION)) {
      throw new ApiProblem(
          ProblemCode.ALREADY_LIVE,
          "Production of '" + release.service().name() + "' already runs " + release.image().imageRef()
              + " (deployment " + live.get().id() + ")");
    }
    return release;
  }

  private DeploymentView start(Caller caller, Release release, DeployTrigger trigger) {
    ServiceView service = release.service();
    DeploymentView image = release.image();
    UUID id =
        starter.startFromImage(
            new DeployTarget(caller.tenantId(), caller.tenantName(), service.id(), service.name(), service.repo()),
            image, DeployEnvironment.PRODUCTION, trigger,
            () -> PUBLISH.equals(release.action())
                ? notPublishable(image, "it is gone")
                : notRollbackable(image, "it is gone"));
    return deployments.get(caller.tenantId(), id);
  }

  private static ReleasePlan plan(Release release) {
    DeploymentView image = release.image();
    DeploymentView live = release.live().orElse(null);
    String service = release.service().name();
    return new ReleasePlan(
        true, release.action(), service, DeployEnvironment.PRODUCTION.wireName(), release.source(), image.id(),
        image.environment(), image.commitSha(), image.imageRef(), live == null ? null : live.id(),
        live == null ? null : live.imageRef(),
        "Would " + release.action() + ": a production deployment of " + service + " running " + image.imageRef()
            + " (deployment "
            + image.id() + (image.commitSha() == null ? "" : ", commit " + image.commitSha()) + ") without a build"
            + (live == null ? "" : ", replacing deployment " + live.id())
            + "; run again without dry_run to start it.");
  }

  private Optional<DeploymentView> productionLive(ServiceView service) {
    return releases.live(service.id(), service.name(), DeployEnvironment.PRODUCTION);
  }

  /** The named deployment, which must be this service's (another's is not found, as elsewhere). */
  private DeploymentView owned(Caller caller, ServiceView service, UUID id) {
    return deployments.find(caller.tenantId(), id)
        .filter(found -> found.serviceId().equals(service.id()))
        .map(DeploymentRepository.Found::view)
        .orElseThrow(
            () -> new ApiProblem(
                ProblemCode.DEPLOYMENT_NOT_FOUND,
                "Service '" + service.name() + "' has no deployment " + id,
                "Pass the id of one of its deployments; GET /v1/services/" + service.name()
                    + "/deployments lists them."));
  }

  /** Only a deployment that rolled out (status running, which is final) with an image can run again. */
  private static void requireRan(DeploymentView deployment, Function<String, ApiProblem> refuse) {
    if (!"running".equals(deployment.status())) {
      throw refuse.apply(
          "its status is " + deployment.status() + ", and only a deployment that rolled out (status running) runs again");
    }
    if (deployment.imageRef() == null) {
      throw refuse.apply("it has no image");
    }
  }

  private static UUID deploymentId(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      UUID id = UUID.fromString(raw);
      // UUID.fromString accepts short groups ("1-1-1-1-1"); an id is the canonical 36 characters.
      if (id.toString().equalsIgnoreCase(raw)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ValidationException(
        ProblemCode.INVALID_FIELD, "deployment_id",
        "deployment_id '" + shown(raw) + "' is not a deployment id (a UUID)",
        "Pass the id field of a deployment, or omit deployment_id.");
  }

  private static String shown(String raw) {
    String printable = raw.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
  }

  private static ApiProblem notPublishable(DeploymentView deployment, String reason) {
    return new ApiProblem(
        ProblemCode.DEPLOYMENT_NOT_PUBLISHABLE, "Deployment " + deployment.id() + " cannot be published: " + reason);
  }

  private static ApiProblem notRollbackable(DeploymentView deployment, String reason) {
    return new ApiProblem(
        ProblemCode.DEPLOYMENT_NOT_ROLLBACKABLE,
        "Production cannot be rolled back to deployment " + deployment.id() + ": " + reason);
  }
}
