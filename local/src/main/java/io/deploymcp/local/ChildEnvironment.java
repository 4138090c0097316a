package io.deploymcp.local;

import io.deploymcp.lifeline.LauncherLifeline;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of the API and the worker: the launcher's own (so BUILDKIT_HOST,
 * REGISTRY_HOST, LOKI_PUSH_URL, KUBECONFIG, GITHUB_APP_*, DP_APPS_DOMAIN... pass through
 * unchanged) plus what the local stack provides and what it detected on this machine.
 */
final class ChildEnvironment {
  private ChildEnvironment() {}

  /**
   * @param databaseUrl JDBC URL of the database the children use (embedded or DP_DATABASE_URL)
   * @param temporalAddress host:port of Temporal (embedded or TEMPORAL_ADDRESS)
   * @param detection what autodetection found (its variables are never ones set by hand)
   */
  static Map<String, String> of(
      Map<String, String> inherited,
      LaunchSettings settings,
      LocalSecrets secrets,
      String databaseUrl,
      String temporalAddress,
      Detection detection) {
    Map<String, String> env = new HashMap<>(inherited);
    detection.variables().forEach((name, value) -> {
      if (!Autodetect.set(env, name)) {
        env.put(name, value);
      }
    });
    // Always ours: an inherited value would claim detections this launcher did not make.
    env.remove(Detection.VARIABLE);
    if (!detection.names().isEmpty()) {
      env.put(Detection.VARIABLE, detection.names());
    }
    env.put("DP_DATABASE_URL", databaseUrl);
    if (settings.embeddedPostgres()) {
      env.put("DP_DATABASE_USER", io.deploymcp.embedded.EmbeddedPostgres.USER);
      env.remove("DP_DATABASE_PASSWORD");
    }
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    if (settings.embeddedTemporal()) {
      env.put("TEMPORAL_NAMESPACE", io.deploymcp.embedded.EmbeddedTemporal.NAMESPACE);
    }
    env.put("DP_SECRET_KEY", secrets.secretKey());
    env.put("DP_BOOTSTRAP_API_KEY", secrets.apiKey());
    env.put("DP_API_PORT", Integer.toString(settings.apiPort()));
    // The children end themselves when this launcher is gone (the lifeline module), even after SIGKILL.
    env.put(LauncherLifeline.VARIABLE, Long.toString(ProcessHandle.current().pid()));
    // Local use means local repos: file:// and loopback http:// are allowed unless turned off.
    env.putIfAbsent("DP_ALLOW_LOCAL_REPOS", "true");
    // The local API answers on loopback only, whatever the API's own default is.
    env.putIfAbsent("QUARKUS_HTTP_HOST", "127.0.0.1");
    return env;
  }
}
