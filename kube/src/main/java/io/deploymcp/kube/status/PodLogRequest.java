package io.deploymcp.kube.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One {@code GET pods/{name}/log} call: the last lines of one container's current or previous
 * instance, and nothing else.
 *
 * <p>Why not fabric8's {@code pods().withName(..).inContainer(..).getLog()}: before every log
 * request it waits for the pod to be ready or terminal, and it does so even at a wait of 0 ms by
 * starting an informer on the pod, which lists it and may or may not get as far as a watch before
 * it is cancelled. That is one more list per container read, a {@code pods watch} the API's
 * ClusterRole does not otherwise need (forbidden there, so a warning in production), and a call
 * that happens or not by timing, which the helm module's recorded-RBAC check saw as a flaky grant.
 * A log read needs no readiness: the kubelet answers for a waiting container with a 400 saying so.
 *
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param container the container's name
 * @param previous the previous (terminated) instance, {@code previous=true}
 * @param tailLines how many of the newest lines, at least 1
 * @param sinceTime only lines the kubelet stamped at or after this time ({@code sinceTime}), or null
 */
public record PodLogRequest(
    String namespace, String pod, String container, boolean previous, int tailLines, Instant sinceTime) {

  public PodLogRequest {
    if (tailLines < 1) {
      throw new IllegalArgumentException("tailLines must be positive");
    }
  }

  public PodLogRequest(String namespace, String pod, String container, boolean previous, int tailLines) {
    this(namespace, pod, container, previous, tailLines, null);
  }

  /** The path under the API server's root. */
  public String path() {
    return "/api/v1/namespaces/" + encoded(namespace) + "/pods/" + encoded(pod) + "/log"
        + "?container=" + encoded(container) + "&tailLines=" + tailLines + (previous ? "&previous=true" : "")
        + (sinceTime == null ? "" : "&sinceTime=" + encoded(sinceTime.truncatedTo(ChronoUnit.SECONDS).toString()));
  }

  /**
   * The log text as the kubelet sent it (oldest line first), empty when there is none.
   *
   * @throws KubernetesClientException the API server refused (its Status, e.g. 400 "previous
   *     terminated container … not found", 404 for a pod that is gone)
   */
  public String read(KubernetesClient client) {
    String log = client.raw(path());
    return log == null ? "" : log;
  }

  private static String encoded(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
