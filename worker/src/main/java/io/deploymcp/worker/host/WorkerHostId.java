package io.deploymcp.worker.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Names this worker host for its own task queue. The id stays the same across restarts of the
 * process: what the host owns is its workspace directory, and a worker killed mid-build and
 * started again on the same disk still has the checkout, so the retried step (Temporal retries it
 * on the same queue after the heartbeat timeout) must reach it rather than wait out the pickup
 * timeout and start over elsewhere. DP_WORKER_HOST_ID names it (the Helm chart: the pod name,
 * which a container restart keeps along with its emptyDir); otherwise the machine's host name and
 * a digest of the workspace directory, so two workers on one machine with directories of their
 * own get queues of their own, and the same directory always gets the same queue.
 */
public final class WorkerHostId {
  public static final String PROPERTY = "dp.worker-host-id";
  static final String VARIABLE = "DP_WORKER_HOST_ID";

  private WorkerHostId() {}

  /** Sets {@link #PROPERTY} unless DP_WORKER_HOST_ID or the property already names one. */
  public static void assignIfAbsent() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, resolve(System.getenv(), System.getProperty("java.io.tmpdir"), hostName()));
    }
  }

  /** DP_WORKER_HOST_ID when set, else {@link #stableDefault} of the workspace directory in use. */
  static String resolve(Map<String, String> env, String tmpDir, String hostName) {
    String fromEnv = env.get(VARIABLE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    // The same default as dp.checkout.workspace-dir in application.properties.
    String dir = env.get("DP_WORKSPACE_DIR");
    Path workspaces =
        dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(tmpDir, "deploy-mcp-workspaces");
    return stableDefault(hostName, workspaces);
  }

  /** {@code <host name>-<8 hex digits of the absolute workspace directory>}. */
  static String stableDefault(String hostName, Path workspaceDir) {
    String clean = hostName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String dir = workspaceDir.toAbsolutePath().normalize().toString();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(dir.getBytes(StandardCharsets.UTF_8));
      return clean + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "worker";
    }
  }
}
