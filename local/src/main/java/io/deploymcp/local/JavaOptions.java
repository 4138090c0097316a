package io.deploymcp.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Default JVM options of the child processes, sized for a laptop rather than a server
 * (override with DP_API_JAVA_OPTS / DP_WORKER_JAVA_OPTS; an empty value means none). Measured
 * in docs/benchmarks.md: together they take the API from ~230 to ~155 MB RSS at ready and its
 * start from ~4.5 to ~2 s on two busy cores.
 */
final class JavaOptions {
  static final String CDS_DIR = "cds";

  private JavaOptions() {}

  static List<String> api(int javaFeature, Path dataDir) {
    return options(javaFeature, dataDir, "api");
  }

  static List<String> worker(int javaFeature, Path dataDir) {
    return options(javaFeature, dataDir, "worker");
  }

  private static List<String> options(int javaFeature, Path dataDir, String name) {
    List<String> options = new ArrayList<>();
    // Serial GC with a small initial heap: the heap grows with use instead of claiming 1/64 of
    // the machine up front, and no G1 remembered sets. C1 only: less compiler memory and a
    // faster start; the local stack's load is a person or an agent, not a benchmark farm.
    options.addAll(List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-XX:TieredStopAtLevel=1"));
    // Application class-data sharing: the first clean stop writes an archive of the loaded
    // classes into the data directory, later starts map it instead of loading classes from
    // jars. Per JDK version; the JVM rebuilds it by itself when the jar changes.
    Path archive = dataDir.resolve(CDS_DIR).resolve(name + "-jdk" + javaFeature + ".jsa");
    options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive", "-Xlog:cds*=off"));
    options.addAll(quiet(javaFeature));
    // Their output is read back as UTF-8; without a locale (CI) the JVM would write ASCII.
    options.addAll(List.of("-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
    return List.copyOf(options);
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
