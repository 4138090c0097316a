package io.deploymcp.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the launcher reads from its environment, resolved once at start. Children get
 * the same environment plus what the launcher provides (see {@link ChildEnvironment}).
 *
 * @param externalDatabaseUrl {@code DP_DATABASE_URL}: when present, no embedded PostgreSQL
 * @param externalTemporal {@code TEMPORAL_ADDRESS}: when present, no embedded Temporal
 * @param autodetect {@code DP_AUTODETECT} (default true): look for the engine, registry, base
 *     images and k3s on this machine (see {@link Autodetect})
 * @param places where autodetection looks
 */
record LaunchSettings(
    Path dataDir,
    int apiPort,
    int postgresPort,
    int temporalPort,
    Optional<String> externalDatabaseUrl,
    Optional<String> externalTemporal,
    Path apiJar,
    Path workerJar,
    Duration readyTimeout,
    List<String> apiJavaOptions,
    List<String> workerJavaOptions,
    boolean autodetect,
    Autodetect.Places places) {

  static final int DEFAULT_API_PORT = 8080;
  static final int DEFAULT_POSTGRES_PORT = 54329;
  static final int DEFAULT_TEMPORAL_PORT = 7233;
  /** The worker's own default for DP_WORKER_METRICS_PORT (worker/README.md). */
  static final int DEFAULT_WORKER_METRICS_PORT = 9464;
  static final String API_JAR = "api/target/quarkus-app/quarkus-run.jar";
  static final String WORKER_JAR = "worker/target/worker.jar";

  /**
   * @param cwd the launcher's working directory (relative paths resolve against it)
   * @param launcherJar where the launcher's own jar lives, if it runs from one; the repo root
   *     is found from it, so the launcher works from any directory
   */
  static LaunchSettings from(Map<String, String> env, Path cwd, Optional<Path> launcherJar) {
    Path root = repoRoot(cwd, launcherJar);
    Path dataDir = cwd.resolve(value(env, "DP_DATA_DIR").orElse(".dp-data")).normalize();
    int java = Runtime.version().feature();
    return new LaunchSettings(
        dataDir,
        port(env, "DP_API_PORT", DEFAULT_API_PORT),
        port(env, "DP_EMBEDDED_PG_PORT", DEFAULT_POSTGRES_PORT),
        port(env, "DP_TEMPORAL_PORT", DEFAULT_TEMPORAL_PORT),
        value(env, "DP_DATABASE_URL"),
        value(env, "TEMPORAL_ADDRESS"),
        value(env, "DP_API_JAR").map(cwd::resolve).orElse(root.resolve(API_JAR)).normalize(),
        value(env, "DP_WORKER_JAR").map(cwd::resolve).orElse(root.resolve(WORKER_JAR)).normalize(),
        Duration.ofSeconds(positive(env, "DP_READY_TIMEOUT_SECONDS", 60)),
        options(env, "DP_API_JAVA_OPTS", JavaOptions.api(java, dataDir)),
        options(env, "DP_WORKER_JAVA_OPTS", JavaOptions.worker(java, dataDir)),
        flag(env, "DP_AUTODETECT", true),
        new Autodetect.Places(
            dockerSocket(env),
            Autodetect.REGISTRY,
            value(env, "DP_K3S_KUBECONFIG").map(cwd::resolve).orElse(K3sKubeconfig.DEFAULT).normalize(),
            Autodetect.TIMEOUT));
  }

  /** The Docker CLI's rule: DOCKER_HOST when it names a unix socket, else the default socket. */
  private static Path dockerSocket(Map<String, String> env) {
    return value(env, "DOCKER_HOST")
        .filter(v -> v.startsWith("unix:///"))
        .map(v -> Path.of(v.substring("unix://".length())))
        .orElse(Path.of("/var/run/docker.sock"));
  }

  boolean embeddedPostgres() {
    return externalDatabaseUrl.isEmpty();
  }

  boolean embeddedTemporal() {
    return externalTemporal.isEmpty();
  }

  String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  /**
   * The directory holding the parent pom: two levels above {@code local/target/local-stack.jar},
   * else the working directory or the nearest ancestor of it that has {@code api/} and
   * {@code worker/}.
   */
  static Path repoRoot(Path cwd, Optional<Path> launcherJar) {
    Optional<Path> fromJar =
        launcherJar
            .map(jar -> jar.toAbsolutePath().getParent())
            .map(Path::getParent)
            .map(Path::getParent)
            .filter(LaunchSettings::looksLikeRoot);
    if (fromJar.isPresent()) {
      return fromJar.get();
    }
    for (Path p = cwd.toAbsolutePath(); p != null; p = p.getParent()) {
      if (looksLikeRoot(p)) {
        return p;
      }
    }
    return cwd.toAbsolutePath();
  }

  private static boolean looksLikeRoot(Path dir) {
    return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("api"))
        && Files.isDirectory(dir.resolve("worker"));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static boolean flag(Map<String, String> env, String name, boolean fallback) {
    Optional<String> raw = value(env, name);
    if (raw.isEmpty()) {
      return fallback;
    }
    return switch (raw.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new StartupException(name + " is '" + raw.get() + "', not true or false", "unset it or use true or false");
    };
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    int port = number(env, name, fallback);
    if (port < 1 || port > 65535) {
      throw new StartupException(name + " is " + port + ", not a port", "use a number from 1 to 65535");
    }
    return port;
  }

  private static int positive(Map<String, String> env, String name, int fallback) {
    int n = number(env, name, fallback);
    if (n < 1) {
      throw new StartupException(name + " is " + n, "use a positive number of seconds");
    }
    return n;
  }

  private static int number(Map<String, String> env, String name, int fallback) {
    Optional<String> raw = value(env, name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw new StartupException(name + " is '" + raw.get() + "', not a number", "unset it or give a number");
    }
  }

  private static List<String> options(Map<String, String> env, String name, List<String> fallback) {
    return Optional.ofNullable(env.get(name))
        .map(v -> v.isBlank() ? List.<String>of() : List.of(v.strip().split("\\s+")))
        .orElse(fallback);
  }
}
