package io.deploymcp.api.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * Points the API under test at the Kubernetes stand-in ({@link KubeStandIn}) and makes the live
 * status cache short, so a test can outlive it.
 */
public class KubeStandInResource implements QuarkusTestResourceLifecycleManager {
  /** The live-status TTL under test. */
  public static final Duration STATUS_TTL = Duration.ofMillis(1500);

  @Override
  public Map<String, String> start() {
    return Map.of(
        "dp.components.kubeconfig", KubeStandIn.shared().kubeconfig.toString(),
        "dp.cluster.status-ttl", STATUS_TTL.toString());
  }

  @Override
  public void stop() {
    // The stand-in lives as long as the JVM (a shutdown hook closes it).
  }
}
