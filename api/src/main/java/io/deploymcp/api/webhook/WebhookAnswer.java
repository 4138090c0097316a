package io.deploymcp.api.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * Answer (202) to a verified delivery. Every delivery that starts nothing gets the identical
 * {@code {"status":"ignored"}}, whatever the reason (not a push, another branch, no watched
 * path changed, a redelivery, no service for the repository), so the answer reveals nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookAnswer(String status, List<UUID> deploymentIds) {
  static final WebhookAnswer IGNORED = new WebhookAnswer("ignored", null);

  static WebhookAnswer accepted(List<UUID> deploymentIds) {
    return new WebhookAnswer("accepted", List.copyOf(deploymentIds));
  }
}
