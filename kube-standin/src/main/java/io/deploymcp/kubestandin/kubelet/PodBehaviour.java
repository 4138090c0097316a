package io.deploymcp.kubestandin.kubelet;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the kubelet stand-in makes of a container: healthy, or one of the failures issue 5 §3
 * must diagnose. Nothing runs; each behaviour is the status, events and logs a real kubelet (or
 * scheduler, or ReplicaSet controller) would report for it.
 *
 * <p>Text form, for the pod annotation {@value KubeletStandIn#BEHAVIOUR_ANNOTATION} and the
 * container environment variable {@value KubeletStandIn#BEHAVIOUR_ENV}: {@code healthy},
 * {@code slow}, {@code ready-after:<millis>}, {@code image-pull-failed}, {@code crash-loop},
 * {@code crash-loop:<exit code>}, {@code oom-killed}, {@code probe-failed},
 * {@code probe-failed:<http status>}, {@code config-error}, {@code unschedulable},
 * {@code quota-exceeded}.
 */
public sealed interface PodBehaviour {

  /** Log lines of a scripted crash when none are given. */
  List<String> DEFAULT_CRASH_LOG = List.of(
      "[kube-standin] starting",
      "Error: the kube-standin crash script made this container exit");

  /** Running and ready once started. */
  record Healthy() implements PodBehaviour {}

  /** Running; ready only after {@code delay}. */
  record ReadyAfter(Duration delay) implements PodBehaviour {}

  /** Running but never ready, with no failure to report: what ROLLOUT_TIMEOUT is made of. */
  record Slow() implements PodBehaviour {}

  /**
   * ErrImagePull, then ImagePullBackOff, with the "Failed to pull image" event; a null
   * {@code message} stands for containerd's "not found" for the container's image.
   */
  record ImagePullFailure(String message) implements PodBehaviour {}

  /** Starts, exits with {@code exitCode} after printing {@code logLines}, restarts, again. */
  record CrashLoop(int exitCode, List<String> logLines) implements PodBehaviour {
    public CrashLoop {
      logLines = List.copyOf(logLines);
    }
  }

  /** Like a crash loop, but killed for memory: exit code 137, reason OOMKilled. */
  record OomKilled(List<String> logLines) implements PodBehaviour {
    public OomKilled {
      logLines = List.copyOf(logLines);
    }
  }

  /** Running, never ready: the readiness probe answers {@code statusCode}. */
  record ProbeFailure(int statusCode) implements PodBehaviour {}

  /** CreateContainerConfigError with {@code message}. */
  record ConfigError(String message) implements PodBehaviour {}

  /** Pending: the scheduler finds no node, and says why in {@code message}. */
  record Unschedulable(String message) implements PodBehaviour {}

  /**
   * No pod is created at all: the ReplicaSet reports ReplicaFailure with
   * {@code exceeded quota: <message>}.
   */
  record QuotaExceeded(String message) implements PodBehaviour {}

  static PodBehaviour healthy() {
    return new Healthy();
  }

  static PodBehaviour slow() {
    return new Slow();
  }

  static PodBehaviour readyAfter(Duration delay) {
    return new ReadyAfter(delay);
  }

  /** With the message containerd gives for an image the registry does not have. */
  static PodBehaviour imagePullFailure() {
    return new ImagePullFailure(null);
  }

  static PodBehaviour crashLoop(int exitCode, List<String> logLines) {
    return new CrashLoop(exitCode, logLines);
  }

  static PodBehaviour crashLoop() {
    return new CrashLoop(1, DEFAULT_CRASH_LOG);
  }

  static PodBehaviour oomKilled() {
    return new OomKilled(List.of("[kube-standin] allocating memory"));
  }

  static PodBehaviour probeFailure(int statusCode) {
    return new ProbeFailure(statusCode);
  }

  static PodBehaviour configError(String message) {
    return new ConfigError(message);
  }

  static PodBehaviour unschedulable() {
    return new Unschedulable("0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: "
        + "1 No preemption victims found for incoming pod.");
  }

  static PodBehaviour quotaExceeded() {
    return new QuotaExceeded("compute-resources, requested: limits.memory=512Mi, used: limits.memory=1536Mi, "
        + "limited: limits.memory=2Gi");
  }

  /** Parses the text form; a clear IllegalArgumentException otherwise. */
  static PodBehaviour parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    String name = value;
    String argument = null;
    int colon = value.indexOf(':');
    if (colon >= 0) {
      name = value.substring(0, colon);
      argument = value.substring(colon + 1);
    }
    try {
      return switch (name) {
        case "healthy" -> healthy();
        case "slow" -> slow();
        case "ready-after" -> readyAfter(Duration.ofMillis(Long.parseLong(required(argument, name))));
        case "image-pull-failed" -> imagePullFailure();
        case "crash-loop" -> argument == null ? crashLoop() : crashLoop(Integer.parseInt(argument), DEFAULT_CRASH_LOG);
        case "oom-killed" -> oomKilled();
        case "probe-failed" -> probeFailure(argument == null ? 500 : Integer.parseInt(argument));
        case "config-error" -> configError("secret \"kube-standin-missing\" not found");
        case "unschedulable" -> unschedulable();
        case "quota-exceeded" -> quotaExceeded();
        default -> throw new IllegalArgumentException("unknown kube-standin behaviour \"" + text + "\"; one of: "
            + "healthy, slow, ready-after:<millis>, image-pull-failed, crash-loop[:<exit code>], oom-killed, "
            + "probe-failed[:<http status>], config-error, unschedulable, quota-exceeded");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("kube-standin behaviour \"" + text + "\" needs a number after ':'", e);
    }
  }

  private static String required(String argument, String name) {
    if (argument == null || argument.isBlank()) {
      throw new IllegalArgumentException("kube-standin behaviour \"" + name + "\" needs an argument: " + name + ":<n>");
    }
    return argument;
  }
}
