package io.deploymcp.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The text printed once the stack is ready: where things are, and what is not configured. */
final class Banner {
  private Banner() {}

  static String render(
      LaunchSettings settings,
      LocalSecrets secrets,
      StackFacts facts,
      Map<String, String> env,
      Detection detection,
      Path cwd) {
    String keyRef = secrets.apiKeyFile()
        .map(f -> "$(cat " + display(f, cwd) + ")")
        .orElse("$DP_BOOTSTRAP_API_KEY");
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Deploy MCP local stack is ready.");
    lines.add("");
    lines.add("  API         " + settings.apiUrl() + "  (ready " + seconds(facts.apiReadyAfter())
        + " after start" + facts.apiRssMib().map(m -> ", " + m + " MB RSS").orElse("") + ")");
    lines.add("  worker      " + facts.workerStartedAfter().map(d -> "started in " + seconds(d)).orElse("running")
        + facts.workerRssMib().map(m -> ", " + m + " MB RSS").orElse(""));
    lines.add("  PostgreSQL  " + facts.database());
    lines.add("  Temporal    " + facts.temporal());
    lines.add("  metrics     " + settings.apiUrl() + "/q/metrics (API), " + workerMetrics(env) + " (worker)");
    lines.add("  API key     " + secrets.apiKeyFile().map(f -> display(f, cwd)).orElse("from DP_BOOTSTRAP_API_KEY"));
    lines.add("");
    lines.add("Try it:");
    lines.add("  curl -H \"Authorization: Bearer " + keyRef + "\" " + settings.apiUrl() + "/v1/status");
    lines.add("");
    lines.add("Builds and deploys (GET /v1/status reports the same):");
    lines.addAll(integrations(env, detection));
    if (!settings.autodetect()) {
      lines.add("  (DP_AUTODETECT=false: nothing on this machine was looked for)");
    } else {
      detection.took().ifPresent(d -> lines.add("  (what was unset was looked for on this machine in " + d.toMillis()
          + " ms; DP_AUTODETECT=false looks for nothing)"));
    }
    lines.add("");
    lines.add("Press Ctrl-C to stop everything.");
    return String.join(System.lineSeparator(), lines);
  }

  /** {@link #integrations(Map, Detection)} with nothing detected. */
  static List<String> integrations(Map<String, String> env) {
    return integrations(env, Detection.off());
  }

  /**
   * One plain line per external component: its setting and whether it was detected or set by
   * hand, or what is missing and how to add it (with what autodetection saw, if it looked).
   */
  static List<String> integrations(Map<String, String> env, Detection detection) {
    List<String> lines = new ArrayList<>();
    lines.add(line("BuildKit", setting(env, "BUILDKIT_HOST")
        .map(v -> "BUILDKIT_HOST=" + Redaction.url(v) + origin(detection, "BuildKit", "BUILDKIT_HOST"))
        .orElse("not configured: deploys stop at the build step with BUILDKIT_NOT_CONFIGURED."
            + " Set BUILDKIT_HOST (e.g. docker:// for a Docker engine, tcp://127.0.0.1:1234)."
            + seen(detection, "BuildKit"))));
    lines.add(line("registry", setting(env, "REGISTRY_HOST")
        .map(v -> "REGISTRY_HOST=" + Redaction.url(v) + origin(detection, "registry", "REGISTRY_HOST"))
        .orElse("not configured: built images have nowhere to go. Set REGISTRY_HOST (e.g. 127.0.0.1:5000)."
            + seen(detection, "registry"))));
    lines.addAll(baseImages(env, detection));
    lines.add(line("Kubernetes", setting(env, "KUBECONFIG")
        .map(v -> Files.isReadable(Path.of(v))
            ? "KUBECONFIG=" + v + origin(detection, "Kubernetes", "KUBECONFIG")
            : "KUBECONFIG points to " + v + ", which cannot be read: deploys will fail until it can.")
        .orElse("not configured: deploys stop with KUBERNETES_NOT_CONFIGURED."
            + " Set KUBECONFIG to a k3s cluster's kubeconfig." + seen(detection, "Kubernetes"))));
    lines.add(line("Loki", setting(env, "LOKI_PUSH_URL")
        .map(v -> "LOKI_PUSH_URL=" + Redaction.url(v))
        .orElse("not configured: logs stay in this console."
            + " Set LOKI_PUSH_URL (e.g. http://127.0.0.1:3100/loki/api/v1/push).")));
    boolean githubApp = setting(env, "GITHUB_APP_ID").isPresent() && setting(env, "GITHUB_APP_PRIVATE_KEY").isPresent();
    lines.add(line("GitHub App", githubApp
        ? "GITHUB_APP_ID=" + env.get("GITHUB_APP_ID").strip()
        : "not configured: public https and local repos only."
            + " Set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY for private GitHub repos."));
    return lines;
  }

  /** One line per base image that is set, then the build packs that have none. */
  private static List<String> baseImages(Map<String, String> env, Detection detection) {
    List<String> lines = new ArrayList<>();
    List<String> unset = new ArrayList<>();
    for (String variable : BASE_IMAGE_VARIABLES) {
      Optional<String> value = setting(env, variable);
      if (value.isPresent()) {
        String origin = detection.detected(variable) ? " (detected in the registry)" : " (set by hand)";
        lines.add(line(lines.isEmpty() ? "base images" : "", variable + "=" + value.get() + origin));
      } else {
        unset.add(variable);
      }
    }
    if (lines.isEmpty()) {
      lines.add(line("base images", "not configured: only build_pack=dockerfile builds."
          + " Run bin/base-images, or set DP_BASE_IMAGE_STATIC, _NODE, _PYTHON, _GO, _JAVA."
          + seen(detection, "base images")));
    } else if (!unset.isEmpty()) {
      lines.add(line("", "not set: " + String.join(", ", unset)
          + " (those build packs stop with BASE_IMAGE_NOT_CONFIGURED)"));
    }
    return lines;
  }

  private static final List<String> BASE_IMAGE_VARIABLES = List.of(
      "DP_BASE_IMAGE_STATIC", "DP_BASE_IMAGE_NODE", "DP_BASE_IMAGE_PYTHON", "DP_BASE_IMAGE_GO", "DP_BASE_IMAGE_JAVA");

  /** " (detected: ...)" or " (set by hand)". */
  private static String origin(Detection detection, String component, String variable) {
    if (detection.detected(variable)) {
      return detection.finding(component).map(f -> " (" + f.how() + ")").orElse(" (detected)");
    }
    return " (set by hand)";
  }

  /** What autodetection saw where it found nothing usable, as " Looked: ...". */
  private static String seen(Detection detection, String component) {
    return detection.finding(component)
        .filter(f -> !f.usable())
        .map(f -> " Looked: " + f.how() + ".")
        .orElse("");
  }

  static String display(Path file, Path cwd) {
    Path abs = file.toAbsolutePath().normalize();
    Path base = cwd.toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  /** The worker's Prometheus endpoint (DP_WORKER_METRICS_PORT, default 9464; 0 turns it off). */
  static String workerMetrics(Map<String, String> env) {
    String port = env.getOrDefault("DP_WORKER_METRICS_PORT", Integer.toString(LaunchSettings.DEFAULT_WORKER_METRICS_PORT));
    return port.equals("0") ? "off" : "http://127.0.0.1:" + port + "/metrics";
  }

  private static String line(String component, String text) {
    return String.format(Locale.ROOT, "  %-11s %s", component, text);
  }

  private static Optional<String> setting(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
