package io.deploymcp.kube.rollout;

import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to change, per failure: one or two sentences an agent can act on, naming the service
 * fields of the API ({@code memory}, {@code cpu}, {@code health_check_path}, {@code env},
 * {@code port}). Built from status text, events and the spec only; env variable names may
 * appear (from a log line), their values never.
 */
final class RolloutHints {

  private static final Pattern STATUS_CODE = Pattern.compile("statuscode: (\\d{3})");
  // "DATABASE_URL is not set", "missing required environment variable: API_KEY", "KeyError: 'X'"
  private static final Pattern MISSING_VAR_AFTER = Pattern.compile(
      "\\b([A-Z][A-Z0-9_]{2,})\\b['\"`]?\\s*(?:env(?:ironment)? var(?:iable)?\\s*)?(?:is\\s+)?"
          + "(?:not set|unset|missing|required|undefined|not defined|must be set|empty)");
  private static final Pattern MISSING_VAR_BEFORE = Pattern.compile(
      "(?i:missing|required|undefined|not set|no|unset)\\s+(?:required\\s+)?"
          + "(?i:env(?:ironment)?\\s*var(?:iable)?s?)\\s*:?\\s*['\"`]?([A-Z][A-Z0-9_]{2,})");
  private static final Pattern KEY_ERROR = Pattern.compile("KeyError: ['\"]([A-Z][A-Z0-9_]{2,})['\"]");
  private static final Set<String> NOT_VARIABLES =
      Set.of("ERROR", "WARN", "WARNING", "INFO", "DEBUG", "FATAL", "TRACE", "PANIC", "NOTE");

  private RolloutHints() {}

  static String imagePull(String reason, String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    if ("InvalidImageName".equals(reason)) {
      return "The image reference is invalid, which the platform should never produce: report it.";
    }
    if (lower.contains("not found") || lower.contains("manifest unknown")) {
      return "The image is not in the registry (removed, or its push did not finish): deploy again to"
          + " build and push it.";
    }
    if (lower.contains("unauthorized") || lower.contains("denied") || lower.contains("forbidden")) {
      return "The cluster may not pull from the registry: an operator has to fix the registry"
          + " credentials. Deploying again will not help.";
    }
    return "The node could not pull the image (registry unreachable or the pull failed): deploy"
        + " again; if it keeps failing, the registry needs an operator.";
  }

  static String config(String reason, String message) {
    Matcher key = Pattern.compile("couldn't find key (\\S+) in").matcher(message);
    if (key.find()) {
      return "The container needs env var " + key.group(1) + ", which is not set: set it in the"
          + " service's env and deploy again.";
    }
    if (message.matches("(?s)secret \".*\" not found.*")) {
      return "The service's env Secret is missing (deleted behind the platform's back?): deploy"
          + " again, which re-creates it.";
    }
    if ("RunContainerError".equals(reason)
        && (message.contains("executable file not found") || message.contains("no such file"))) {
      return "The image's start command does not exist in the image: fix the start command (the"
          + " Dockerfile's CMD/ENTRYPOINT or the build plan) and deploy again.";
    }
    return "The container could not be created from its configuration: fix what the message names"
        + " (env, start command) and deploy again.";
  }

  static String podRefused(String message) {
    if (message.contains("PodSecurity")) {
      return "The namespace's Pod Security admission refused the pod: the platform generated a pod"
          + " that breaks the restricted profile, report it.";
    }
    if (message.contains("RuntimeClass")) {
      return "The cluster has no sandbox RuntimeClass the pod asks for: an operator must install it"
          + " (or configure another).";
    }
    return "The cluster refused to create the pod: an operator has to look at the message.";
  }

  static String quota(ServiceDeploymentSpec spec, QuotaRefusal refusal) {
    String resources = refusal.resources().isEmpty()
        ? "its resources"
        : String.join(", ", refusal.resources().stream().map(QuotaRefusal.Resource::name).toList());
    boolean memory = resources.contains("memory");
    boolean cpu = resources.contains("cpu");
    boolean pods = resources.equals("pods") || resources.startsWith("pods,") || resources.contains(" pods");
    String change;
    if (memory && !cpu) {
      change = "lower this service's memory (now " + spec.memoryMib() + "Mi) or that of other"
          + " services in the project";
    } else if (cpu && !memory) {
      change = "lower this service's cpu (now " + spec.cpuMillis() + "m) or that of other services"
          + " in the project";
    } else if (pods) {
      change = "the project runs as many pods as it may";
    } else {
      change = "lower this service's cpu or memory, or that of other services in the project";
    }
    return "The project's quota has no room for " + resources + ": " + change
        + ", or delete services it no longer needs. A rolling update needs room for one extra pod"
        + " while it runs.";
  }

  static String unschedulable(ServiceDeploymentSpec spec, String message) {
    if (message.contains("Insufficient memory")) {
      return "No node has " + spec.memoryMib() + "Mi of memory free for the pod: lower the"
          + " service's memory, or an operator has to add capacity.";
    }
    if (message.contains("Insufficient cpu")) {
      return "No node has " + spec.cpuMillis() + "m of cpu free for the pod: lower the service's"
          + " cpu, or an operator has to add capacity.";
    }
    return "No node can run the pod for the reason the scheduler gives: an operator has to fix the"
        + " cluster (nodes, taints, the sandbox runtime). Deploying again will not help.";
  }

  static String oom(ServiceDeploymentSpec spec, String limit) {
    int raised = Math.max(spec.memoryMib() * 2, 128);
    return "The app needs more memory than its limit " + limit + ": raise the service's memory"
        + " (e.g. to " + (raised % 1024 == 0 ? raised / 1024 + "Gi" : raised + "Mi") + ") or make"
        + " the app use less (a JVM: -XX:MaxRAMPercentage=75; Node: --max-old-space-size).";
  }

  static String crash(int exitCode, String logTail) {
    String variable = missingVariable(logTail);
    if (variable != null) {
      return "The app exits at start; its log says " + variable + " is missing: set " + variable
          + " in the service's env and deploy again.";
    }
    if (logTail.contains("Read-only file system") || logTail.contains("EROFS")) {
      return "The app writes outside /tmp, but only /tmp is writable: write files (and HOME) to"
          + " /tmp, then deploy again.";
    }
    if (logTail.contains("EADDRINUSE") || logTail.contains("address already in use")) {
      return "The app cannot bind its port: listen once, on $PORT, and deploy again.";
    }
    return switch (exitCode) {
      case 0 -> "The process exits with code 0 right after it starts, but a web or worker service"
          + " must keep running: start a long-running process (a one-off task is kind cron).";
      case 126 -> "The start command is not executable (exit code 126): fix the start command or"
          + " its file mode in the image.";
      case 127 -> "The start command was not found in the image (exit code 127): fix the start"
          + " command or the image.";
      case 137 -> "The process was killed (SIGKILL, exit code 137) right after starting: read the"
          + " log tail; if it runs out of memory, raise the service's memory.";
      default -> "The app exits right after it starts (exit code " + exitCode + "): read the log"
          + " tail, fix the cause (often a missing env var or a dependency it cannot reach) and"
          + " deploy again.";
    };
  }

  /** The env variable a log line says is missing, or null. A name, never a value. */
  static String missingVariable(String logTail) {
    String found = null;
    for (Pattern pattern : new Pattern[] {MISSING_VAR_AFTER, MISSING_VAR_BEFORE, KEY_ERROR}) {
      Matcher m = pattern.matcher(logTail);
      while (m.find()) {
        if (!NOT_VARIABLES.contains(m.group(1))) {
          found = m.group(1);
        }
      }
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** {@code HTTP GET /healthz on port 8080} or {@code TCP connect to port 8080}. */
  static String probeTarget(ServiceDeploymentSpec spec, Probe probe) {
    if (probe != null && probe.getHttpGet() != null) {
      return "HTTP GET " + probe.getHttpGet().getPath() + " on port " + port(probe.getHttpGet().getPort(), spec);
    }
    if (probe != null && probe.getTcpSocket() != null) {
      return "TCP connect to port " + port(probe.getTcpSocket().getPort(), spec);
    }
    return spec.healthCheck().map(p -> "HTTP GET " + p + " on port " + spec.port())
        .orElse("TCP connect to port " + spec.port());
  }

  /** {@code HTTP 500}, {@code connection refused}, {@code timeout}, or the kubelet's words. */
  static String probeStatus(String message) {
    Matcher code = STATUS_CODE.matcher(message);
    if (code.find()) {
      return "HTTP " + code.group(1);
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("connection refused")) {
      return "connection refused";
    }
    if (lower.contains("deadline exceeded") || lower.contains("timeout") || lower.contains("timed out")) {
      return "timeout";
    }
    if (lower.contains("connection reset") || lower.contains("eof")) {
      return "connection closed";
    }
    int colon = message.indexOf(": ");
    return colon >= 0 ? message.substring(colon + 2) : message;
  }

  static String probe(ServiceDeploymentSpec spec, Probe probe, String lastStatus) {
    boolean http = probe != null ? probe.getHttpGet() != null : spec.healthCheck().isPresent();
    String path = probe != null && probe.getHttpGet() != null ? probe.getHttpGet().getPath()
        : spec.healthCheck().orElse("/");
    if (lastStatus.equals("connection refused") || lastStatus.equals("connection closed")) {
      return "Nothing accepts connections on port " + spec.port() + ": make the app listen on $PORT ("
          + spec.port() + ") on 0.0.0.0, not 127.0.0.1, or set the service's port to the one it"
          + " listens on.";
    }
    if (lastStatus.equals("timeout")) {
      return "The app does not answer " + (http ? path : "on port " + spec.port())
          + " within 2 s: make the health check fast, or check the app is not stuck at startup.";
    }
    if (lastStatus.equals("HTTP 404")) {
      return "Nothing is served at health_check_path " + path + " (HTTP 404): set health_check_path"
          + " to a path the app answers with 200, or serve " + path + ".";
    }
    if (lastStatus.startsWith("HTTP 4")) {
      return "health_check_path " + path + " answers " + lastStatus + ": it must answer 2xx or 3xx"
          + " without authentication; change health_check_path or the app.";
    }
    if (lastStatus.startsWith("HTTP 5")) {
      return "The app answers health_check_path " + path + " with " + lastStatus + ": it reports"
          + " itself unhealthy; read its logs (a dependency it cannot reach? a missing env var?).";
    }
    return "The health check never passed: make the app answer " + (http ? path : "on port " + spec.port())
        + " once it is up, or fix health_check_path.";
  }

  static String timeout(ServiceDeploymentSpec spec, String after) {
    return "The new version did not become ready within " + after + " and nothing failed outright:"
        + " make sure the app starts quickly and listens on $PORT (" + spec.port() + "). The"
        + " previous version is still serving.";
  }

  private static String port(IntOrString port, ServiceDeploymentSpec spec) {
    if (port == null) {
      return Integer.toString(spec.port());
    }
    return port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
  }
}
