package io.deploymcp.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Default JVM options of the child processes (override with DP_API_JAVA_OPTS /
 * DP_WORKER_JAVA_OPTS; an empty value means none).
 */
final class JavaOptions {
  private JavaOptions() {}

  static List<String> api(int javaFeature) {
    return quiet(javaFeature);
  }

  static List<String> worker(int javaFeature) {
    return quiet(javaFeature);
  }

  /**
   * Newer JDKs warn at start about gRPC's and protobuf's native access and sun.misc.Unsafe use;
   * the libraries are fine on these JDKs, and four WARNING lines per process drown the banner.
   */
  static List<String> quiet(int javaFeature) {
    List<String> options = new ArrayList<>();
    if (javaFeature >= 22) {
      options.add("--enable-native-access=ALL-UNNAMED");
    }
    if (javaFeature >= 23) {
      options.add("--sun-misc-unsafe-memory-access=allow");
    }
    return List.copyOf(options);
  }
}
