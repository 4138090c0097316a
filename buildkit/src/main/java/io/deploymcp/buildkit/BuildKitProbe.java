package io.deploymcp.buildkit;

import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.connection.BuildKitTls;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Command-line check of a BuildKit address: prints its workers and their platforms.
 * Usage: {@code BuildKitProbe [BUILDKIT_HOST]}, defaulting to the environment variable; TLS
 * from {@code BUILDKIT_TLS_CA_CERT}, {@code BUILDKIT_TLS_CERT}, {@code BUILDKIT_TLS_KEY} and
 * {@code BUILDKIT_TLS_SERVER_NAME} as the worker reads them.
 */
public final class BuildKitProbe {
  private BuildKitProbe() {}

  public static void main(String[] args) {
    String host = args.length > 0 ? args[0] : System.getenv("BUILDKIT_HOST");
    PrintStream out = System.out;
    try (BuildKitConnection connection = BuildKitConnection.open(BuildKitAddress.parse(host), tlsFromEnvironment())) {
      List<WorkerInfo> workers = new BuildKitClient(connection, Duration.ofSeconds(10)).listWorkers();
      out.println(describe(connection.address(), workers));
    } catch (BuildKitException e) {
      System.err.println(e.code() + ": " + e.getMessage() + "\nhint: " + e.hint());
      System.exit(1);
    }
  }

  private static Optional<BuildKitTls> tlsFromEnvironment() {
    return BuildKitTls.fromSettings(
        System.getenv(BuildKitTls.CA_CERT_SETTING),
        System.getenv(BuildKitTls.CERT_SETTING),
        System.getenv(BuildKitTls.KEY_SETTING),
        System.getenv(BuildKitTls.SERVER_NAME_SETTING));
  }

  static String describe(BuildKitAddress address, List<WorkerInfo> workers) {
    StringBuilder text = new StringBuilder(address + ": " + workers.size() + " worker(s)");
    for (WorkerInfo worker : workers) {
      text.append("\n  ")
          .append(worker.id())
          .append(" platforms=")
          .append(String.join(",", worker.platforms()))
          .append(" buildkit=")
          .append(worker.buildkitVersion().orElse("(not reported)"));
    }
    return text.toString();
  }
}
