package io.deploymcp.api.webhook;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.db.Database;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.service.ServiceRepository;
import io.deploymcp.api.service.ServiceView;
import io.deploymcp.api.validation.ValidationException;
import jakarta.inject.Singleton;
import java.util.List;

/** Sets, rotates and removes a service's webhook secret. */
@Singleton
public class WebhookSecretOperations {
  static final List<String> ENDPOINTS = List.of("/v1/webhooks/github", "/v1/webhooks/gitea");

  private final Database db;
  private final ServiceRepository services;
  private final WebhookSecrets secrets;

  public WebhookSecretOperations(Database db, ServiceRepository services, WebhookSecrets secrets) {
    this.db = db;
    this.services = services;
    this.secrets = secrets;
  }

  /** Replaces the secret (a rotation: the old one stops verifying at once) and shows the new one. */
  public WebhookSecretSet set(Caller caller, String name, SetWebhookSecretRequest body) {
    String chosen = body == null ? null : body.secret();
    if (chosen != null) {
      check(chosen);
    }
    ServiceView service = service(caller, name);
    String secret = chosen != null ? chosen : secrets.generate();
    byte[] sealed = secrets.seal(service.id(), secret);
    if (!db.transaction(c -> services.setWebhookSecret(c, caller.tenantId(), service.id(), sealed))) {
      throw notFound(name);
    }
    return new WebhookSecretSet(
        service.name(), secret, ENDPOINTS,
        "Shown only now. On the git host, add a push webhook to <API URL>/v1/webhooks/github (or /gitea)"
            + " with content type application/json and this secret. A push to branch '" + service.branch()
            + "' that changes root_dir or a watch path then deploys that commit.");
  }

  public void delete(Caller caller, String name) {
    ServiceView service = service(caller, name);
    if (!service.webhookSecretSet()) {
      throw new ApiProblem(
          ProblemCode.NOT_FOUND, "Service '" + name + "' has no webhook secret",
          "POST /v1/services/" + name + "/webhook-secret sets one.");
    }
    db.transaction(c -> services.setWebhookSecret(c, caller.tenantId(), service.id(), null));
  }

  private static void check(String secret) {
    boolean printable = secret.chars().allMatch(c -> c >= 0x21 && c < 0x7f);
    if (secret.length() < 16 || secret.length() > 256 || !printable) {
      throw new ValidationException(
          ProblemCode.INVALID_WEBHOOK_SECRET, "secret",
          "secret must be 16-256 printable ASCII characters without spaces (got " + secret.length() + " characters)");
    }
  }

  private ServiceView service(Caller caller, String name) {
    return services.find(caller, name).orElseThrow(() -> notFound(name));
  }

  private static ApiProblem notFound(String name) {
    return new ApiProblem(
        ProblemCode.NOT_FOUND, "Service '" + name + "' not found",
        "Check the name; GET /v1/services lists your services.");
  }
}
