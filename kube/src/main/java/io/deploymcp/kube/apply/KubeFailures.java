package io.deploymcp.kube.apply;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns the client's exceptions into {@link ApplyFailedException}s without secret content. */
final class KubeFailures {
  private KubeFailures() {}

  /**
   * @param object e.g. {@code Secret dp-acme-shop/api-env}
   * @param secret leave the API server's text and the client's exception out: both may echo
   *     the Secret's content
   * @param verb e.g. {@code server-side apply}
   */
  static ApplyFailedException failure(
      String object, boolean secret, String verb, KubernetesClientException e) {
    int code = e.getCode();
    String reason = e.getStatus() == null ? null : e.getStatus().getMessage();
    boolean terminating = reason != null && reason.contains("being terminated");
    boolean retryable = code == 0 || code == 409 || code == 429 || code >= 500 || terminating;
    String detail;
    if (secret) {
      detail = "the API server's message is not shown for a Secret";
    } else if (reason != null && !reason.isBlank()) {
      detail = reason;
    } else {
      detail = String.valueOf(e.getMessage());
    }
    String message =
        verb + " of " + object + " failed" + (code > 0 ? " (HTTP " + code + ")" : "") + ": " + detail;
    return new ApplyFailedException(object, code, message, retryable, secret ? null : e);
  }
}
