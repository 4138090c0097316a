package io.deploymcp.local;

import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.embedded.EmbeddedTemporal;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@code bin/local-stack}: embedded PostgreSQL and Temporal (unless DP_DATABASE_URL /
 * TEMPORAL_ADDRESS point elsewhere), then the API and the worker as child processes. Ctrl-C
 * stops all of it; if a child dies, everything stops and the launcher exits non-zero.
 */
public final class LocalStack {
  /** Quarkus: "... started in 1.234s." */
  private static final Pattern API_STARTED = Pattern.compile("started in [0-9.]+s");
  /** Spring Boot: "Started WorkerApplication in 3.21 seconds". */
  private static final Pattern WORKER_STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds");
  private static final Duration CHILD_GRACE = Duration.ofSeconds(20);
  static final String LOG_FILE = "local-stack.log";

  private final LaunchSettings settings;
  private final Map<String, String> env;
  private final Path cwd;
  private final Console console;
  private volatile boolean stopping;
  private EmbeddedPostgres postgres;
  private EmbeddedTemporal temporal;
  private ChildProcess api;
  private ChildProcess worker;

  LocalStack(LaunchSettings settings, Map<String, String> env, Path cwd, Console console) {
    this.settings = settings;
    this.env = env;
    this.cwd = cwd;
    this.console = console;
  }

  public static void main(String[] args) {
    // Before any logger exists: Temporal's test server and gRPC would otherwise chat at INFO.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // UTF-8 whatever the locale: CI runs often have none, and the children's lines are
    // decoded as UTF-8 (they are told to write it, see JavaOptions).
    Console console = new Console(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
    Path cwd = Path.of("").toAbsolutePath();
    LocalStack stack;
    try {
      stack = new LocalStack(LaunchSettings.from(System.getenv(), cwd, launcherJar()), System.getenv(), cwd, console);
    } catch (StartupException e) {
      console.say("cannot start: " + e.oneLine());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
    try {
      stack.start();
    } catch (RuntimeException e) {
      if (stack.stopping) {
        return; // Ctrl-C during start: the shutdown hook is already cleaning up.
      }
      Path log = stack.writeDetails(e);
      String line = e instanceof StartupException s ? s.oneLine() : firstLine(e) + "; details in " + log;
      console.say("cannot start: " + line);
      System.exit(1);
    }
    int code = stack.awaitChildExit();
    if (code != 0) {
      System.exit(code);
    }
  }

  void start() {
    createDataDir();
    requireJar(settings.apiJar(), "API", "DP_API_JAR");
    requireJar(settings.workerJar(), "worker", "DP_WORKER_JAR");
    if (settings.embeddedPostgres()) {
      stopLeftoverPostgres();
      Ports.ensureFree(settings.postgresPort(), "embedded PostgreSQL", "DP_EMBEDDED_PG_PORT (or DP_DATABASE_URL)");
    }
    if (settings.embeddedTemporal()) {
      Ports.ensureFree(settings.temporalPort(), "embedded Temporal", "DP_TEMPORAL_PORT (or TEMPORAL_ADDRESS)");
    }
    Ports.ensureFree(settings.apiPort(), "API", "DP_API_PORT");
    // The worker would fail at start on a taken metrics port; say it here, with the variable to set.
    String metricsPort = env.getOrDefault(
        "DP_WORKER_METRICS_PORT", Integer.toString(LaunchSettings.DEFAULT_WORKER_METRICS_PORT));
    if (metricsPort.matches("[1-9][0-9]{0,4}")) {
      Ports.ensureFree(Integer.parseInt(metricsPort), "worker metrics", "DP_WORKER_METRICS_PORT (0 turns it off)");
    }
    LocalSecrets secrets = LocalSecrets.loadOrCreate(settings.dataDir(), env);
    // Looked for while PostgreSQL and Temporal start: a cold JVM's first HTTP and socket calls
    // take a few hundred ms, which then cost no start time.
    CompletableFuture<Detection> detecting = settings.autodetect()
        ? CompletableFuture.supplyAsync(() -> Autodetect.detect(env, settings.places()),
            command -> Thread.ofVirtual().name("autodetect").start(command))
        : CompletableFuture.completedFuture(Detection.off());

    String databaseUrl = settings.externalDatabaseUrl().orElseGet(this::startPostgres);
    String temporalAddress = settings.externalTemporal().orElseGet(this::startTemporal);
    checkNotStopping();

    Detection detection = detecting.join();
    Map<String, String> childEnv = ChildEnvironment.of(env, settings, secrets, databaseUrl, temporalAddress, detection);
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    console.say("starting the API (" + settings.apiUrl() + ") and the worker");
    api = adopt(ChildProcess.start("api", java, settings.apiJavaOptions(), settings.apiJar(), childEnv, API_STARTED, console));
    worker = adopt(ChildProcess.start("worker", java, settings.workerJavaOptions(), settings.workerJar(), childEnv, WORKER_STARTED, console));

    new ReadinessProbe(settings.apiUrl()).await(api, settings.readyTimeout());
    Duration apiReady = api.sinceSpawn();
    Optional<Duration> workerStarted = awaitWorkerStarted();
    console.awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(4));
    checkNotStopping();
    StackFacts facts = new StackFacts(
        databaseLine(), temporalLine(temporalAddress), apiReady, ProcessMemory.rssMib(api.pid()),
        workerStarted, ProcessMemory.rssMib(worker.pid()));
    console.print(Banner.render(settings, secrets, facts, childEnv, detection, cwd));
  }

  /** Blocks until a child exits; returns the launcher's exit code (0 when we are stopping anyway). */
  int awaitChildExit() {
    CompletableFuture.anyOf(api.onExit(), worker.onExit()).join();
    // Ctrl-C reaches the children too (same process group): give the shutdown hook a moment
    // to claim the exit, so a normal stop is not reported as a crash.
    sleep(Duration.ofSeconds(1));
    if (stopping) {
      return 0;
    }
    ChildProcess dead = api.isAlive() ? worker : api;
    console.say("the " + dead.name() + " exited with code " + dead.exitValue() + "; stopping everything.");
    return 1;
  }

  /** Children first (they hold connections), then Temporal, then PostgreSQL. Never throws. */
  synchronized void stop() {
    if (stopping) {
      return;
    }
    stopping = true;
    if (api == null && worker == null && temporal == null && postgres == null) {
      return;
    }
    console.say("stopping");
    for (ChildProcess child : new ChildProcess[] {api, worker}) {
      if (child != null) {
        child.terminate(); // both at once: they shut down in parallel
      }
    }
    for (ChildProcess child : new ChildProcess[] {api, worker}) {
      if (child != null) {
        int code = child.stop(CHILD_GRACE);
        console.say(child.name() + " stopped (exit " + code + ")");
      }
    }
    if (temporal != null) {
      quietly(temporal::close, "Temporal");
    }
    if (postgres != null) {
      quietly(postgres::close, "PostgreSQL");
    }
    console.say("stopped");
  }

  /**
   * A launcher killed with SIGKILL cannot stop the PostgreSQL it started (pg_ctl runs it
   * detached, so it is no child of ours): the next start finds it through the data directory's
   * postmaster.pid and stops it, instead of refusing with "port in use".
   */
  private void stopLeftoverPostgres() {
    try {
      EmbeddedPostgres.stopLeftover(settings.dataDir().resolve("postgres")).ifPresent(pid ->
          console.say("stopped PostgreSQL " + pid + ", left running on this data directory by a stack that did not stop"));
    } catch (RuntimeException e) {
      throw new StartupException(
          "a PostgreSQL left running on " + settings.dataDir().resolve("postgres") + " did not stop: " + firstLine(e),
          "stop it by hand (its pid is the first line of postmaster.pid there) or use another DP_DATA_DIR", e);
    }
  }

  private String startPostgres() {
    console.say("starting PostgreSQL on 127.0.0.1:" + settings.postgresPort());
    try {
      postgres = EmbeddedPostgres.start(settings.dataDir().resolve("postgres"), settings.postgresPort());
    } catch (RuntimeException e) {
      throw new StartupException(
          "embedded PostgreSQL did not start: " + firstLine(e),
          "details in " + writeDetails(e) + "; DP_DATABASE_URL selects another PostgreSQL", e);
    }
    return postgres.jdbcUrl();
  }

  private String startTemporal() {
    console.say("starting Temporal (test server) on 127.0.0.1:" + settings.temporalPort());
    try {
      temporal = EmbeddedTemporal.start(settings.temporalPort());
    } catch (RuntimeException e) {
      throw new StartupException(
          "embedded Temporal did not start: " + firstLine(e),
          "details in " + writeDetails(e) + "; TEMPORAL_ADDRESS selects another Temporal", e);
    }
    return temporal.target();
  }

  private Optional<Duration> awaitWorkerStarted() {
    long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (worker.started().isDone()) {
        return Optional.of(worker.started().join());
      }
      if (!worker.isAlive()) {
        throw new StartupException(
            "the worker exited with code " + worker.exitValue() + " while starting", "see the [worker] lines above");
      }
      sleep(Duration.ofMillis(100));
    }
    return Optional.empty();
  }

  private String databaseLine() {
    if (postgres == null) {
      return "external, from DP_DATABASE_URL";
    }
    return "embedded, 127.0.0.1:" + postgres.port() + ", data in " + Banner.display(postgres.dataDirectory(), cwd);
  }

  private String temporalLine(String address) {
    if (temporal == null) {
      return "TEMPORAL_ADDRESS=" + address + " (namespace " + env.getOrDefault("TEMPORAL_NAMESPACE", "default") + ")";
    }
    return "embedded test server, " + address + " (in memory: workflow history ends with this process)";
  }

  private void createDataDir() {
    try {
      Files.createDirectories(settings.dataDir().resolve(JavaOptions.CDS_DIR));
    } catch (IOException e) {
      throw new StartupException(
          "cannot create the data directory " + settings.dataDir() + " (" + e.getMessage() + ")",
          "set DP_DATA_DIR to a writable directory", e);
    }
  }

  private static void requireJar(Path jar, String what, String envVar) {
    if (!Files.isRegularFile(jar)) {
      throw new StartupException(
          "the " + what + " jar is missing (" + jar + ")",
          "build it with ./mvnw -B -DskipTests install (bin/local-stack does), or set " + envVar);
    }
  }

  /** A child started while Ctrl-C was already being handled would outlive us: stop it at once. */
  private synchronized ChildProcess adopt(ChildProcess child) {
    if (stopping) {
      child.stop(CHILD_GRACE);
      throw new IllegalStateException("stopped during start");
    }
    return child;
  }

  private void checkNotStopping() {
    if (stopping) {
      throw new IllegalStateException("stopped during start");
    }
  }

  private void quietly(Runnable action, String what) {
    try {
      action.run();
    } catch (RuntimeException e) {
      console.say(what + " did not stop cleanly: " + firstLine(e));
    }
  }

  /** Full details go to a file in the data directory, so the console keeps one line per problem. */
  private Path writeDetails(Throwable e) {
    Path log = settings.dataDir().resolve(LOG_FILE);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, Instant.now() + "\n" + trace + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // Nowhere to write: the one-line message still tells the user what happened.
    }
    return Path.of(Banner.display(log, cwd));
  }

  static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message).strip();
  }

  private static Optional<Path> launcherJar() {
    try {
      Path location = Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
