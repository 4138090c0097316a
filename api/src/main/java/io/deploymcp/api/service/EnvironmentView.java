package io.deploymcp.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.deploymcp.api.cluster.LiveStatusView;
import java.time.Instant;
import java.util.UUID;

/**
 * One environment of a service: its URL (null for kinds without one: worker, cron), the live
 * deployment with its commit and image (all null until a rollout there succeeds) and since
 * when it serves, the environment's newest failed deployment (null when none failed), and what
 * the cluster says now ({@code live}: only on GET /v1/services/{name} and get_service, which read
 * the cluster; omitted elsewhere).
 */
public record EnvironmentView(
    String url,
    UUID liveDeploymentId,
    String commitSha,
    String imageRef,
    Instant liveSince,
    EnvironmentFailure lastFailure,
    @JsonInclude(JsonInclude.Include.NON_NULL) LiveStatusView live) {

  /** From the platform's records alone, without the cluster's view. */
  public EnvironmentView(
      String url, UUID liveDeploymentId, String commitSha, String imageRef, Instant liveSince,
      EnvironmentFailure lastFailure) {
    this(url, liveDeploymentId, commitSha, imageRef, liveSince, lastFailure, null);
  }

  public EnvironmentView withLive(LiveStatusView live) {
    return new EnvironmentView(url, liveDeploymentId, commitSha, imageRef, liveSince, lastFailure, live);
  }
}
