package io.deploymcp.worker.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.UUID;

/**
 * Names this worker process for its own task queue. A fresh id per process on purpose: a
 * restarted worker has lost whatever its predecessor was doing, and a deployment that waited
 * on the old queue must notice (its pickup timeout fires) rather than be picked up half-way.
 */
public final class WorkerHostId {
  public static final String PROPERTY = "dp.worker-host-id";

  private WorkerHostId() {}

  /** Sets {@link #PROPERTY} unless DP_WORKER_HOST_ID or the property already names one. */
  public static void assignIfAbsent() {
    String fromEnv = System.getenv("DP_WORKER_HOST_ID");
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, fromEnv != null && !fromEnv.isBlank() ? fromEnv : generate());
    }
  }

  static String generate() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "worker";
    }
    String clean = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return clean + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
