package io.deploymcp.api.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A cluster failure in one short sentence for an API answer: the HTTP status and the API
 * server's reason, or what kept the request from being answered. Never a stack trace, a URL with
 * credentials or a token (fabric8 puts none of them into these parts).
 */
public final class ClusterErrors {
  private static final int MAX = 200;

  private ClusterErrors() {}

  public static String describe(RuntimeException e) {
    String text;
    if (e instanceof KubernetesClientException k && k.getCode() > 0) {
      String reason = k.getStatus() == null ? null : k.getStatus().getReason();
      text = "the cluster answered HTTP " + k.getCode() + (reason == null || reason.isBlank() ? "" : " " + reason);
    } else {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
      text = "the cluster could not be reached (" + root.getClass().getSimpleName() + message + ")";
    }
    return text.length() > MAX ? text.substring(0, MAX) + "…" : text;
  }
}
