package io.deploymcp.crash.support;

import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.kubestandin.StandInCluster;
import io.deploymcp.kubestandin.kubelet.PodBehaviour;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform the suites break, shared by all of them (one start per JVM): real PostgreSQL
 * (embedded module, restartable on its port), Temporal's test server on a port, the Kubernetes
 * stand-in behind a {@link TcpProxy} (so "the API server is unreachable" needs no restart of
 * the stand-in), all in this JVM and outliving what the suites kill; and, as processes of their
 * own, the packaged API and one or more workers, with the engine's BuildKit
 * (docker:///var/run/docker.sock) and the loopback registry (127.0.0.1:5000; pushes only).
 *
 * <p>The timeouts that decide how fast a deploy moves on after a kill are the configurable
 * ones, set short here: DP_HEARTBEAT_TIMEOUT, DP_BUILD_HOST_PICKUP, and the workspace sweeper's
 * interval and grace.
 */
public final class CrashPlatform implements AutoCloseable {
  public static final String ENGINE = "docker:///var/run/docker.sock";
  public static final Path ENGINE_SOCKET = Path.of("/var/run/docker.sock");
  public static final String REGISTRY = "127.0.0.1:5000";
  public static final String BUSYBOX = REGISTRY + "/base/busybox:1";
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(4);
  /** Longer than a worker's restart here (about 6 s), so a restarted host picks its steps up again. */
  public static final Duration HOST_PICKUP = Duration.ofSeconds(12);
  public static final Duration CLONE_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration BUILD_TIMEOUT = Duration.ofSeconds(45);
  public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);
  public static final Duration SWEEP_GRACE = Duration.ZERO;
  /** What WorkspaceSweeper removes: older than clone + build timeout + grace. */
  public static final Duration SWEEP_BOUND = CLONE_TIMEOUT.plus(BUILD_TIMEOUT).plus(SWEEP_GRACE);

  private final Path work;
  private final Path logs;
  private final Path apiJar;
  private final Path workerJar;
  private final String secretKey = randomKey();
  private final String apiKey = "dpk_crash000_" + randomAlnum(40);
  private final int pgPort = FreePorts.next();
  private final int apiPort = FreePorts.next();
  private final Map<String, Worker> workers = new LinkedHashMap<>();
  private EmbeddedPostgres postgres;
  private final EmbeddedTemporal temporal;
  private final StandInCluster standIn;
  private final TcpProxy kubeProxy;
  private final TcpProxy temporalProxy;
  private final Path kubeconfig;
  private ChildJvm api;

  /** A worker host: its name, its own workspace directory, and the process now running it. */
  public static final class Worker {
    final String name;
    final Map<String, String> env;
    final Path workspaces;
    ChildJvm process;
    int starts;

    Worker(String name, Map<String, String> env, Path workspaces) {
      this.name = name;
      this.env = env;
      this.workspaces = workspaces;
    }

    public ChildJvm process() {
      return process;
    }

    public Path workspaces() {
      return workspaces;
    }

    public String name() {
      return name;
    }

    public int starts() {
      return starts;
    }
  }

  private CrashPlatform(Path work) throws Exception {
    this.work = work;
    this.logs = Path.of(System.getProperty("crash.logs", "target/crash-logs"));
    this.apiJar = jar("crash.api.jar", "../api/target/quarkus-app/quarkus-run.jar");
    this.workerJar = jar("crash.worker.jar", "../worker/target/worker.jar");
    deleteTree(logs); // one run's logs, not every run's appended
    Files.createDirectories(logs);
    postgres = EmbeddedPostgres.start(work.resolve("postgres"), pgPort);
    temporal = EmbeddedTemporal.start(0);
    standIn = StandInCluster.start();
    // Rollouts take a measurable while (a kill can land in the wait), then succeed.
    standIn.kubelet().defaultBehaviour(PodBehaviour.readyAfter(Duration.ofMillis(1500)));
    kubeProxy = TcpProxy.to(standIn.port());
    // The API reaches Temporal through a proxy, so a suite can hold a request between the
    // API's database commit and its workflow start, and kill the API right there.
    temporalProxy = TcpProxy.to(temporal.port());
    kubeconfig = work.resolve("kubeconfig.yaml");
    Files.writeString(
        kubeconfig,
        standIn.kubeconfigYaml().replace("https://127.0.0.1:" + standIn.port(), "https://127.0.0.1:" + kubeProxy.port()));
  }

  /** Starts PostgreSQL, Temporal, the stand-in and the API (which migrates the database). */
  public static CrashPlatform start() throws Exception {
    // World-readable, as EmbeddedPostgres.startTemporary makes its own: as root, PostgreSQL runs
    // as nobody and must reach its data directory here.
    Path work =
        Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")),
            "dp-crash-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    CrashPlatform platform = new CrashPlatform(work);
    try {
      platform.startApi();
      return platform;
    } catch (Exception | AssertionError e) {
      platform.close();
      throw e;
    }
  }

  private static Path jar(String property, String fallback) {
    Path jar = Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package the api and worker modules first (bin/test -Pcrash builds them)");
    }
    return jar;
  }

  // ---- the API

  public Map<String, String> apiEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("DP_DATABASE_URL", postgres.jdbcUrl());
    env.put("DP_DATABASE_USER", postgres.user());
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalProxy.port());
    env.put("TEMPORAL_NAMESPACE", temporal.namespace());
    env.put("DP_BOOTSTRAP_API_KEY", apiKey);
    env.put("DP_SECRET_KEY", secretKey);
    env.put("DP_ALLOW_LOCAL_REPOS", "true");
    env.put("DP_API_PORT", Integer.toString(apiPort));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    // The suites poll: no rate limit in the way.
    env.put("DP_RATE_LIMIT_BURST", "100000");
    env.put("DP_RATE_LIMIT_REQUESTS_PER_SECOND", "10000");
    // How fast the API recovers from its own crash, short so the suites fit CI: an Idempotency-Key
    // claim of a killed process counts as abandoned, and a write whose workflow never started is
    // started by the launch reconciler.
    env.put("DP_IDEMPOTENCY_ABANDONED_AFTER", "5s");
    env.put("DP_LAUNCH_RECONCILE_INTERVAL", "2s");
    env.put("DP_LAUNCH_RECONCILE_AFTER", "3s");
    return env;
  }

  public void startApi() throws Exception {
    api = ChildJvm.start("api", apiJar, apiEnvironment(), logs);
    awaitApiReady(Duration.ofSeconds(120));
  }

  public void awaitApiReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!api.isAlive()) {
        throw new AssertionError("the API exited; output:\n" + api.tail());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(apiUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the API was not ready within " + timeout + "; output:\n" + api.tail());
  }

  public ChildJvm api() {
    return api;
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  public ApiClient client() {
    return new ApiClient(apiUrl(), apiKey);
  }

  // ---- workers

  /**
   * Starts a worker host. {@code hostId} null: no DP_WORKER_HOST_ID, so the worker's stable
   * default (host name and workspace directory) names its queue.
   */
  public Worker startWorker(String name, String hostId, Map<String, String> overrides) throws Exception {
    Path workspaces = Files.createDirectories(work.resolve("workspaces-" + name));
    Map<String, String> env = new HashMap<>();
    env.put("DP_DATABASE_URL", postgres.jdbcUrl());
    env.put("DP_DATABASE_USER", postgres.user());
    env.put("TEMPORAL_ADDRESS", temporal.target());
    env.put("TEMPORAL_NAMESPACE", temporal.namespace());
    env.put("DP_SECRET_KEY", secretKey);
    env.put("DP_ALLOW_LOCAL_REPOS", "true");
    env.put("BUILDKIT_HOST", ENGINE);
    env.put("REGISTRY_HOST", REGISTRY);
    env.put("DP_BASE_IMAGE_STATIC", BUSYBOX);
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("DP_ROLLOUT_TIMEOUT", "60s");
    env.put("DP_WORKSPACE_DIR", workspaces.toString());
    env.put("DP_HEARTBEAT_TIMEOUT", HEARTBEAT_TIMEOUT.toSeconds() + "s");
    // Temporal's test server never times a sticky task out: without this, a killed worker's
    // workflows would wait for it forever (a real server hands them on after 5 s).
    env.put("DP_WORKFLOW_STICKY_TIMEOUT", "0");
    env.put("DP_BUILD_HOST_PICKUP", HOST_PICKUP.toSeconds() + "s");
    // Small static builds: a host takes every one the suites start at once, rather than making
    // them wait out the pickup timeout (that path is the one a killed host takes anyway).
    env.put("DP_BUILD_CONCURRENCY", "6");
    env.put("DP_CLONE_TIMEOUT", CLONE_TIMEOUT.toSeconds() + "s");
    env.put("DP_BUILD_TIMEOUT", BUILD_TIMEOUT.toSeconds() + "s");
    env.put("DP_WORKSPACE_SWEEP_INTERVAL", SWEEP_INTERVAL.toSeconds() + "s");
    env.put("DP_WORKSPACE_SWEEP_GRACE", SWEEP_GRACE.toSeconds() + "s");
    // Several workers run at once here: none binds the metrics port (9464 by default).
    env.put("DP_WORKER_METRICS_PORT", "0");
    if (hostId != null) {
      env.put("DP_WORKER_HOST_ID", hostId);
    }
    env.putAll(overrides);
    Worker worker = new Worker(name, Map.copyOf(env), workspaces);
    workers.put(name, worker);
    launch(worker);
    return worker;
  }

  /**
   * The suites' standard hosts, started on first use and shared: {@code a} names its queue by
   * DP_WORKER_HOST_ID, {@code b} by the stable default. Restarts a host whose process is gone.
   */
  public Worker worker(String name) throws Exception {
    Worker worker = workers.get(name);
    if (worker == null) {
      worker = startWorker(name, name.equals("a") ? "crash-a" : null, Map.of());
    } else if (!worker.process.isAlive()) {
      restart(worker);
    }
    awaitReady(worker, Duration.ofSeconds(180));
    return worker;
  }

  /** A new process for the host, with the same environment (and so the same host identity). */
  public void restart(Worker worker) throws Exception {
    if (worker.process != null && worker.process.isAlive()) {
      throw new IllegalStateException(worker.name + " still runs");
    }
    launch(worker);
  }

  private void launch(Worker worker) throws Exception {
    worker.process = ChildJvm.start("worker-" + worker.name, workerJar, worker.env, logs);
    worker.starts++;
  }

  /** SIGTERM to every worker but {@code keep} (a suite that needs its deploys on one host). */
  public void stopWorkersExcept(String keep) throws InterruptedException {
    for (Worker w : workers.values()) {
      if (!w.name.equals(keep) && w.process != null) {
        w.process.close();
      }
    }
  }

  /** Waits for "Worker ready" and returns the host queue the worker said it answers on. */
  public String awaitReady(Worker worker, Duration timeout) throws InterruptedException {
    String queueLine = worker.process.awaitLine(l -> l.contains("build host queue "), timeout);
    worker.process.awaitLine(l -> l.contains("Worker ready: polling Temporal"), timeout);
    String rest = queueLine.substring(queueLine.indexOf("build host queue ") + "build host queue ".length());
    return rest.substring(0, rest.indexOf(' '));
  }

  public Map<String, Worker> workers() {
    return workers;
  }

  // ---- the rest

  public Sql sql() {
    return new Sql(postgres.jdbcUrl(), postgres.user());
  }

  public StandInCluster standIn() {
    return standIn;
  }

  public TcpProxy kubeProxy() {
    return kubeProxy;
  }

  /** Between the API and Temporal (workers connect directly). */
  public TcpProxy temporalProxy() {
    return temporalProxy;
  }

  public EmbeddedTemporal temporal() {
    return temporal;
  }

  /** Stops PostgreSQL (pg_ctl stop -m fast: every session is cut) and starts it again on its port. */
  public void stopPostgres() {
    postgres.close();
  }

  public void startPostgres() {
    postgres = EmbeddedPostgres.start(work.resolve("postgres"), pgPort);
  }

  public Path work() {
    return work;
  }

  public Path logs() {
    return logs;
  }

  public String apiKey() {
    return apiKey;
  }

  @Override
  public void close() throws Exception {
    for (Worker w : workers.values()) {
      if (w.process != null) {
        w.process.close();
      }
    }
    if (api != null) {
      api.close();
    }
    kubeProxy.close();
    temporalProxy.close();
    standIn.close();
    temporal.close();
    if (postgres != null) {
      postgres.close();
    }
    deleteTree(work);
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // a temp dir left behind is harmless
    }
  }

  private static String randomKey() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  private static String randomAlnum(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
