package io.deploymcp.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploymcp.api.audit.AuditEntry;
import io.deploymcp.api.audit.AuditLog;
import io.deploymcp.api.audit.AuditOutcome;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.deployment.DeployTrigger;
import io.deploymcp.api.deployment.DeploymentOperations;
import io.deploymcp.api.http.JsonInputCheck;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.validation.DeployEnvironment;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Push webhooks from GitHub and Gitea. A delivery is trusted only when its HMAC-SHA256
 * signature verifies (constant-time compare) with a secret that may speak for the repository:
 * the secret of a service tracking it, or, for GitHub, the App's secret (GITHUB_WEBHOOK_SECRET),
 * which speaks for the services whose github_installation_id is the delivery's installation.
 * Anything else is 401 with one fixed message, whether or not a service tracks the
 * repository, so an unsigned caller learns nothing.
 *
 * <p>A verified push to a service's branch whose changed files touch root_dir or a watch path
 * starts a deploy of exactly the pushed commit ({@code after}), through the same start path as
 * POST /v1/services/{name}/deploys, with trigger {@code webhook}. Each delivery id is handled
 * once. Everything else is answered 202 with the same "ignored" body.
 */
@Singleton
public class WebhookOperations {
  private static final Logger LOG = Logger.getLogger(WebhookOperations.class);
  private static final String FORM = "application/x-www-form-urlencoded";

  private final WebhookRepository repository;
  private final WebhookSecrets secrets;
  private final DeploymentOperations deployments;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final Optional<String> appSecret;

  public WebhookOperations(
      WebhookRepository repository,
      WebhookSecrets secrets,
      DeploymentOperations deployments,
      AuditLog audit,
      ObjectMapper json,
      ApiConfig config) {
    this.repository = repository;
    this.secrets = secrets;
    this.deployments = deployments;
    this.audit = audit;
    this.json = json;
    this.appSecret = config.github().webhookSecret().filter(s -> !s.isBlank());
  }

  public WebhookAnswer receive(WebhookDelivery delivery) {
    WebhookProvider provider = delivery.provider();
    byte[] signature = provider.signature(delivery.signature());
    if (signature == null) {
      throw new ApiProblem(
          ProblemCode.INVALID_SIGNATURE,
          "Missing or malformed " + provider.signatureHeader() + " header");
    }
    boolean byApp =
        provider == WebhookProvider.GITHUB
            && appSecret.isPresent()
            && WebhookSignature.verifies(appSecret.get(), delivery.body(), signature);
    JsonNode payload = payload(delivery);
    List<String> repoKeys =
        payload == null ? List.of() : PushEvent.repoUrls(payload).stream().map(RepoKey::of).distinct().toList();

    List<WebhookTarget> verified = List.of();
    if (!byApp) {
      // Only a service's own secret can vouch for it; an unknown repository has none to verify with.
      verified =
          repository.byRepoKeys(repoKeys).stream()
              .filter(t -> secrets.open(t).map(s -> WebhookSignature.verifies(s, delivery.body(), signature)).orElse(false))
              .toList();
      if (verified.isEmpty()) {
        throw badSignature(provider);
      }
    }

    // Authenticated from here on.
    if (payload == null) {
      throw invalid("The delivery body is not a JSON object");
    }
    String deliveryId = delivery.deliveryId();
    if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 200
        || !deliveryId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw invalid("Missing or malformed " + provider.deliveryHeader() + " header");
    }
    if (!repository.claim(provider, deliveryId)) {
      LOG.debugf("%s delivery %s: handled before", provider.wireName(), deliveryId);
      return WebhookAnswer.IGNORED;
    }
    if (!"push".equals(delivery.event())) {
      LOG.debugf("%s delivery %s: event %s ignored", provider.wireName(), deliveryId, delivery.event());
      return WebhookAnswer.IGNORED;
    }
    Optional<PushEvent> parsed = PushEvent.parse(payload);
    if (parsed.isEmpty()) {
      LOG.debugf("%s delivery %s: not a branch push", provider.wireName(), deliveryId);
      return WebhookAnswer.IGNORED;
    }
    PushEvent push = parsed.get();
    List<WebhookTarget> eligible =
        byApp
            ? repository.byRepoKeys(repoKeys).stream()
                .filter(t -> t.installationId() != null && Objects.equals(t.installationId(), push.installationId()))
                .toList()
            : verified;
    List<WebhookTarget> targets =
        eligible.stream().filter(t -> t.branch().equals(push.branch()) && t.touchedBy(push.changedFiles())).toList();
    if (targets.isEmpty()) {
      LOG.debugf("%s delivery %s: no service to deploy (%d eligible)", provider.wireName(), deliveryId, eligible.size());
      return WebhookAnswer.IGNORED;
    }
    List<UUID> started = new ArrayList<>();
    for (WebhookTarget target : targets) {
      UUID deploymentId;
      try {
        deploymentId =
            deployments.start(
                new DeploymentOperations.DeployTarget(
                    target.tenantId(), target.tenantName(), target.serviceId(), target.name(), target.repo()),
                DeployEnvironment.PRODUCTION, push.after(), DeployTrigger.WEBHOOK);
      } catch (ApiProblem e) {
        // Nothing half-done for this service; let the host's redelivery try the delivery again.
        repository.release(provider, deliveryId);
        throw e;
      }
      started.add(deploymentId);
      audit(provider, deliveryId, target, push, deploymentId);
    }
    return WebhookAnswer.accepted(started);
  }

  private JsonNode payload(WebhookDelivery delivery) {
    try {
      byte[] body = delivery.body();
      String type = delivery.contentType();
      if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(FORM)) {
        // GitHub's form content type: payload=<url-encoded JSON>.
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
          if (pair.startsWith("payload=")) {
            body = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            break;
          }
        }
      }
      // A form's payload is JSON only now: the same rules as a JSON body (no NUL reaches the
      // repository lookup, no key twice), before anything reads it.
      JsonInputCheck.check(body, JsonInputCheck.Nul.REFUSE);
      JsonNode node = json.readTree(body);
      return node instanceof ObjectNode ? node : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private void audit(WebhookProvider provider, String deliveryId, WebhookTarget target, PushEvent push, UUID deploymentId) {
    ObjectNode detail = json.createObjectNode();
    detail.put("status", 202);
    detail.put("trigger", DeployTrigger.WEBHOOK.wireName());
    detail.put("delivery", deliveryId);
    detail.put("commit", push.after());
    detail.put("deployment_id", deploymentId.toString());
    try {
      audit.write(
          new AuditEntry(
              target.tenantId(), null, "webhook:" + provider.wireName(), "deployment.create",
              "services/" + target.name() + "/deploys", AuditOutcome.ACCEPTED, detail.toString()));
    } catch (RuntimeException e) {
      LOG.errorf("could not write audit entry for webhook deploy %s: %s", deploymentId, e.getMessage());
    }
  }

  /** One message for every unverifiable delivery: it must not tell a known repository from an unknown one. */
  private static ApiProblem badSignature(WebhookProvider provider) {
    return new ApiProblem(
        ProblemCode.INVALID_SIGNATURE,
        "The " + provider.signatureHeader() + " signature does not verify with a webhook secret for this repository");
  }

  private static ApiProblem invalid(String detail) {
    return new ApiProblem(ProblemCode.INVALID_WEBHOOK, detail);
  }
}
