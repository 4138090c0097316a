package io.deploymcp.api.support;

import io.deploymcp.embedded.LokiStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the API under test at a {@link LokiStandIn} (LOKI_URL), a stand-in for Loki shared by the JVM. */
public class LokiStandInResource implements QuarkusTestResourceLifecycleManager {
  private static LokiStandIn loki;

  public static synchronized LokiStandIn loki() {
    if (loki == null) {
      loki = new LokiStandIn();
      Runtime.getRuntime().addShutdownHook(new Thread(loki::close));
    }
    return loki;
  }

  @Override
  public Map<String, String> start() {
    return Map.of("dp.components.loki-url", loki().url());
  }

  @Override
  public void stop() {
    // The stand-in lives as long as the JVM.
  }
}
