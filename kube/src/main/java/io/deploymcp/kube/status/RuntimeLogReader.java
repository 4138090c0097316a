package io.deploymcp.kube.status;

import io.deploymcp.kube.access.ResourceAccess;
import io.deploymcp.kube.access.Verb;
import io.deploymcp.kube.manifest.Labels;
import io.deploymcp.kube.naming.ServiceObjectNames;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a service's runtime logs through the pod log API ({@code pods/{name}/log}): the last
 * lines of each container of the workload's pods, of the current or the previous (terminated)
 * instance, newest first, bounded in lines and in bytes. The pods are found as {@link
 * LiveStatusReader} finds them; the newest {@link #MAX_PODS} are read.
 */
public final class RuntimeLogReader {

  /** The calls {@link #read} makes, for the API's RBAC grant: a Pod list and the pods' logs. */
  public static final List<ResourceAccess> CLUSTER_CALLS = List.of(
      ResourceAccess.of(Pod.class, Verb.LIST),
      ResourceAccess.ofSubresource(Pod.class, "log", Verb.GET));

  /** At most this many pods are read per call (one log request each, per container). */
  public static final int MAX_PODS = 5;
  /** A longer line is cut to this many characters (a bound on what one line can cost). */
  public static final int MAX_LINE_CHARS = 4096;

  private final KubernetesClient client;
  private final Clock clock;

  public RuntimeLogReader(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The newest {@code maxLines} lines, at most {@code maxBytes} bytes of line text (UTF-8), of
   * {@code service}'s workload in {@code environment}. A pod that has no such instance (never
   * restarted, still waiting to start) adds a note instead of lines.
   *
   * @param previous the previous instance of each container ({@code previous=true}), e.g. the
   *     one that crashed
   * @throws IllegalArgumentException {@code maxLines} or {@code maxBytes} is not positive
   * @throws KubernetesClientException the pods could not be listed
   */
  public RuntimeLogs read(
      ProjectRef project,
      String service,
      DeployEnvironment environment,
      boolean previous,
      int maxLines,
      int maxBytes) {
    return read(project, service, environment, previous, null, UnaryOperator.identity(), maxLines, maxLines + 1, maxBytes);
  }

  /**
   * As {@link #read(ProjectRef, String, DeployEnvironment, boolean, int, int)}, with the lines the
   * kubelet stamped at or after {@code sinceTime} (null: all) and each line passed through
   * {@code transform} (e.g. mask, then filter) before it counts: null drops it. At most
   * {@code tailLines} of each container's newest lines are looked at.
   */
  public RuntimeLogs read(
      ProjectRef project,
      String service,
      DeployEnvironment environment,
      boolean previous,
      Instant sinceTime,
      UnaryOperator<String> transform,
      int maxLines,
      int tailLines,
      int maxBytes) {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(environment, "environment");
    if (maxLines < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("maxLines and maxBytes must be positive");
    }
    String namespace = project.namespace();
    String workload = ServiceObjectNames.of(service, environment).workload();
    List<Pod> pods = client.pods().inNamespace(namespace)
        .withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGER, Labels.SERVICE, service, Labels.APP, workload))
        .list().getItems().stream()
        .sorted(LiveStatusReader.NEWEST_FIRST)
        .toList();

    List<RuntimeLogLine> lines = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean truncated = pods.size() > MAX_PODS;
    long bytes = 0;
    outer:
    for (Pod pod : pods.subList(0, Math.min(MAX_PODS, pods.size()))) {
      String podName = pod.getMetadata().getName();
      for (Container container : pod.getSpec().getContainers()) {
        List<String> tail;
        try {
          // One more than asked, so a full page knows whether older lines were left out.
          tail = tail(namespace, podName, container.getName(), previous, Math.max(tailLines, maxLines + 1), sinceTime);
        } catch (KubernetesClientException e) {
          notes.add(podName + "/" + container.getName() + ": " + shortMessage(e));
          continue;
        }
        // The kubelet serves oldest first; walk back from the newest line.
        for (int i = tail.size() - 1; i >= 0; i--) {
          String line = transform.apply(tail.get(i));
          if (line == null) {
            continue;
          }
          if (line.length() > MAX_LINE_CHARS) {
            line = line.substring(0, MAX_LINE_CHARS);
            truncated = true;
          }
          int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
          if (lines.size() >= maxLines || bytes + size > maxBytes) {
            truncated = true;
            break outer;
          }
          bytes += size;
          lines.add(new RuntimeLogLine(podName, container.getName(), previous, line));
        }
      }
    }
    return new RuntimeLogs(environment, workload, previous, lines, truncated, notes, clock.instant());
  }

  private List<String> tail(
      String namespace, String pod, String container, boolean previous, int tailLines, Instant sinceTime) {
    // tailLines bounds the response; the byte bound is applied to the lines above. (limitBytes
    // would count from the start of the tail, dropping the newest lines.)
    String log = new PodLogRequest(namespace, pod, container, previous, tailLines, sinceTime).read(client);
    if (log.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(List.of(log.split("\r?\n", -1)));
    if (lines.getLast().isEmpty()) {
      lines.removeLast();
    }
    return lines;
  }

  /** The API server's (kubelet's) message, e.g. "previous terminated container … not found". */
  static String shortMessage(KubernetesClientException e) {
    String message = e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : "the log could not be read (HTTP " + e.getCode() + ")";
    return message.length() > 300 ? message.substring(0, 300) : message;
  }
}
