import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 13 §3: a mixed read/write load, open loop (a request leaves every 1/rate seconds whether
 * or not earlier ones answered; each latency counts from its scheduled time, so a stall shows in
 * the percentiles instead of lowering the rate). The mix, by share of requests:
 *
 * <pre>
 *   30%  GET /v1/services/bench-{n}                 read
 *   15%  GET /v1/services                           read (first page)
 *   10%  GET /v1/services/bench-{n}/deployments     read
 *   10%  GET /v1/services/bench-{n}/logs?type=build read (logs)
 *   10%  MCP tools/call get_service (one session)   read (MCP)
 *   10%  POST /v1/services (a new service: a workflow, a clone by the worker)   write
 *   10%  POST /v1/services/{created}/deploys (redeploy of one created above)     write
 *    5%  GET /v1/deployments/{id of a create}       read
 * </pre>
 *
 * Every request must answer its expected status (200, or 202 for the writes); anything else,
 * a timeout or a transport error is an error, except a write that admission control shed (503
 * {@code WRITES_OVERLOADED} or {@code DEPLOY_BACKLOG_FULL} with Retry-After, which is how the
 * platform answers more writes than it can finish): that is counted as shed, apart from the
 * errors, and left out of the latencies. Prints per-kind counts, errors, shed writes and
 * percentiles.
 *
 * <p>With {@code mix=reads} the writes are left out (their share goes to the reads in proportion):
 * the baseline that tells the read path's own tail from what the writes add to it.
 *
 * <p>With {@code mix=writes=<percent>} the writes are that share of the requests, split evenly,
 * and the reads keep their proportions ({@code all} is {@code writes=20}).
 *
 * <p>java bench/MixedLoad.java <api-url> <api-key> <file-repo-url> [rate=300] [seconds=60] [names=10000] [mix=all|reads|writes=<percent>]
 */
public class MixedLoad {
  record Kind(String name, int weight, boolean read) {}

  static final List<Kind> ALL = List.of(
      new Kind("GET service", 30, true),
      new Kind("GET services", 15, true),
      new Kind("GET deployments of a service", 10, true),
      new Kind("GET build logs", 10, true),
      new Kind("MCP get_service", 10, true),
      new Kind("POST service (create)", 10, false),
      new Kind("POST deploys (redeploy)", 10, false),
      new Kind("GET deployment", 5, true));

  static List<Kind> KINDS = ALL;

  /**
   * {@link #ALL} with {@code percent} of the requests writes (half creates, half redeploys) and
   * the reads in their proportions: weights per mille, so 5% is 25 + 25 of 1000.
   */
  static List<Kind> withWriteShare(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("writes=<percent> is 0 to 100, not " + percent);
    }
    int readWeights = ALL.stream().filter(Kind::read).mapToInt(Kind::weight).sum();
    return ALL.stream()
        .map(k -> new Kind(k.name(), k.read() ? k.weight() * (100 - percent) * 10 / readWeights : percent * 10 / 2, k.read()))
        .filter(k -> k.weight() > 0)
        .toList();
  }

  /** One answered request: {@code at} is its scheduled time, in ns since the run began. */
  record Sample(Kind kind, long at, long nanos, boolean ok, boolean shed, String problem) {}

  /** What a write that admission control shed completes with. */
  static final String SHED = "shed";

  public static void main(String[] args) throws Exception {
    String api = args[0];
    String key = args[1];
    String repo = args[2];
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 300;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
    int names = args.length > 5 ? Integer.parseInt(args[5]) : 10000;
    String mix = args.length > 6 ? args[6] : "all";
    if (mix.equals("reads")) {
      KINDS = ALL.stream().filter(Kind::read).toList();
    } else if (mix.startsWith("writes=")) {
      KINDS = withWriteShare(Integer.parseInt(mix.substring("writes=".length())));
    } else if (!mix.equals("all")) {
      throw new IllegalArgumentException("mix is all, reads or writes=<percent>, not " + mix);
    }
    // The client's executor threads are not daemons: left running, they keep this JVM (and so
    // bench/mixed-load.sh, which waits for it) alive after the table is printed.
    ExecutorService executor = Executors.newFixedThreadPool(4);
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(executor)
        .build();
    try {
      MixedLoad load = new MixedLoad(http, api, key, repo, names);
      load.openMcpSession();

      // A ramp, as traffic reaches a server that has been up a while: a JVM just started meets
      // the full rate with its code interpreted and its compilers competing for the same two
      // cores, and an open loop's queue can then grow faster than it drains.
      System.out.printf(Locale.ROOT, "warm-up: 10 s at %d/s, 5 s at %d/s, 5 s at %d/s (not recorded)%n",
          Math.max(1, rate / 4), Math.max(1, rate / 2), rate);
      load.run(Math.max(1, rate / 4), 10, false);
      load.run(Math.max(1, rate / 2), 5, false);
      load.run(rate, 5, false);
      System.out.printf(Locale.ROOT, "load: %d requests/s for %d s, open loop, mix=%s%n", rate, seconds, mix);
      List<Sample> samples = load.run(rate, seconds, true);
      report(samples, seconds);
      String timeline = System.getenv("MIXED_SAMPLES");
      if (timeline != null && !timeline.isBlank()) {
        writeSamples(samples, Path.of(timeline), load.startedAt);
      }
    } finally {
      http.shutdownNow();
      executor.shutdownNow();
    }
  }

  /** Every sample as "wall-clock ms of its scheduled start, kind, latency ms, ok": to line it up with GC and database logs. */
  private static void writeSamples(List<Sample> samples, Path file, long startedAtMillis) throws IOException {
    List<String> lines = new ArrayList<>();
    samples.stream().sorted(java.util.Comparator.comparingLong(Sample::at)).forEach(s -> lines.add(String.format(
        Locale.ROOT, "%d,%s,%.1f,%b", startedAtMillis + s.at() / 1_000_000, s.kind().name(), s.nanos() / 1e6, s.ok())));
    Files.write(file, lines);
  }

  private final HttpClient http;
  private final String api;
  private final String key;
  private final String repo;
  private final int names;
  private final String prefix = "mix" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private final AtomicInteger created = new AtomicInteger();
  private final List<String> createdNames = new CopyOnWriteArrayList<>();
  private final List<String> deploymentIds = new CopyOnWriteArrayList<>();
  private String mcpSession;
  private long startedAt;

  MixedLoad(HttpClient http, String api, String key, String repo, int names) {
    this.http = http;
    this.api = api;
    this.key = key;
    this.repo = repo;
    this.names = names;
  }

  List<Sample> run(int rate, int seconds, boolean record) throws InterruptedException {
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    AtomicInteger inFlight = new AtomicInteger();
    int total = rate * seconds;
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    startedAt = System.currentTimeMillis();
    int weightSum = KINDS.stream().mapToInt(Kind::weight).sum();
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * interval;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int pick = ThreadLocalRandom.current().nextInt(weightSum);
      Kind kind = KINDS.getLast();
      for (Kind k : KINDS) {
        if (pick < k.weight()) {
          kind = k;
          break;
        }
        pick -= k.weight();
      }
      Kind chosen = kind;
      inFlight.incrementAndGet();
      send(chosen).whenComplete((result, error) -> {
        long took = System.nanoTime() - scheduled;
        String problem = error != null ? error.getClass().getSimpleName() + ": " + error.getMessage() : result;
        if (record) {
          boolean shed = SHED.equals(problem);
          samples.add(new Sample(chosen, scheduled - start, took, problem == null || shed, shed, problem));
        }
        inFlight.decrementAndGet();
      });
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return new ArrayList<>(samples);
  }

  /** The request of one kind; completes with null when it answered as expected, else what went wrong. */
  private java.util.concurrent.CompletableFuture<String> send(Kind kind) {
    String bench = "bench-" + (1 + ThreadLocalRandom.current().nextInt(names));
    return switch (kind.name()) {
      case "GET service" -> get("/v1/services/" + bench, 200);
      case "GET services" -> get("/v1/services", 200);
      case "GET deployments of a service" -> get("/v1/services/" + bench + "/deployments", 200);
      case "GET build logs" -> get("/v1/services/" + bench + "/logs?type=build", 200);
      case "MCP get_service" -> mcp("{\"name\":\"get_service\",\"arguments\":{\"name\":\"" + bench + "\"}}");
      case "POST service (create)" -> create();
      case "POST deploys (redeploy)" -> redeploy();
      case "GET deployment" -> deploymentIds.isEmpty()
          ? get("/v1/services/" + bench, 200)
          : get("/v1/deployments/" + deploymentIds.get(ThreadLocalRandom.current().nextInt(deploymentIds.size())), 200);
      default -> throw new IllegalStateException(kind.name());
    };
  }

  private java.util.concurrent.CompletableFuture<String> create() {
    String name = prefix + "-" + created.incrementAndGet();
    String body = "{\"name\":\"" + name + "\",\"repo\":\"" + repo + "\",\"branch\":\"main\"}";
    return http.sendAsync(request("/v1/services").POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> {
          if (shed(r)) {
            return SHED;
          }
          if (r.statusCode() != 202) {
            return "create " + r.statusCode() + " " + r.body();
          }
          createdNames.add(name);
          String id = field(r.body(), "deployment_id");
          if (id != null) {
            deploymentIds.add(id);
          }
          return null;
        });
  }

  private java.util.concurrent.CompletableFuture<String> redeploy() {
    if (createdNames.isEmpty()) {
      return create();
    }
    String name = createdNames.get(ThreadLocalRandom.current().nextInt(createdNames.size()));
    return http.sendAsync(request("/v1/services/" + name + "/deploys").POST(HttpRequest.BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> {
          if (shed(r)) {
            return SHED;
          }
          if (r.statusCode() != 202) {
            return "redeploy " + r.statusCode() + " " + r.body();
          }
          String id = field(r.body(), "deployment_id");
          if (id != null) {
            deploymentIds.add(id);
          }
          return null;
        });
  }

  private static boolean shed(HttpResponse<String> r) {
    return r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()
        && (r.body().contains("\"code\":\"WRITES_OVERLOADED\"") || r.body().contains("\"code\":\"DEPLOY_BACKLOG_FULL\""));
  }

  private java.util.concurrent.CompletableFuture<String> get(String path, int expected) {
    return http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> r.statusCode() == expected ? null : "GET " + path + " " + r.statusCode() + " " + r.body());
  }

  private java.util.concurrent.CompletableFuture<String> mcp(String params) {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":" + ThreadLocalRandom.current().nextInt(1, 1_000_000)
        + ",\"method\":\"tools/call\",\"params\":" + params + "}";
    return http.sendAsync(mcpRequest(body), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> r.statusCode() == 200 && r.body().contains("\"result\"") && !r.body().contains("\"isError\":true")
            ? null
            : "MCP " + r.statusCode() + " " + r.body());
  }

  void openMcpSession() throws Exception {
    HttpResponse<String> init = http.send(mcpRequest(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"mixed-load\",\"version\":\"1\"}}}"),
        HttpResponse.BodyHandlers.ofString());
    mcpSession = init.headers().firstValue("Mcp-Session-Id")
        .orElseThrow(() -> new IllegalStateException("no MCP session: " + init.statusCode() + " " + init.body()));
    http.send(mcpRequest("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), HttpResponse.BodyHandlers.discarding());
  }

  private HttpRequest mcpRequest(String body) {
    HttpRequest.Builder request = request("/mcp")
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (mcpSession != null) {
      request.header("Mcp-Session-Id", mcpSession);
    }
    return request.build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + key);
  }

  /** A top-level string field of a small JSON answer (no JSON library: a single-file tool). */
  private static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\":\"");
    if (at < 0) {
      return null;
    }
    int from = at + name.length() + 4;
    return json.substring(from, json.indexOf('"', from));
  }

  private static void report(List<Sample> samples, int seconds) {
    Map<String, List<Sample>> byKind = new LinkedHashMap<>();
    KINDS.forEach(k -> byKind.put(k.name(), new ArrayList<>()));
    samples.forEach(s -> byKind.get(s.kind().name()).add(s));
    System.out.println("| request | count | errors | shed | p50 ms | p99 ms | max ms |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    List<Long> reads = new ArrayList<>();
    int errors = 0;
    int shedTotal = 0;
    for (var e : byKind.entrySet()) {
      // Latencies of what was served (or failed), not of the writes shed at the door.
      long[] nanos = e.getValue().stream().filter(s -> !s.shed()).mapToLong(Sample::nanos).sorted().toArray();
      long bad = e.getValue().stream().filter(s -> !s.ok()).count();
      long shed = e.getValue().stream().filter(Sample::shed).count();
      errors += (int) bad;
      shedTotal += (int) shed;
      if (e.getValue().stream().anyMatch(s -> s.kind().read())) {
        Arrays.stream(nanos).forEach(reads::add);
      }
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.1f |%n",
          e.getKey(), e.getValue().size(), bad, shed, ms(nanos, 0.5), ms(nanos, 0.99),
          nanos.length == 0 ? 0 : nanos[nanos.length - 1] / 1e6);
    }
    long[] all = samples.stream().filter(s -> !s.shed()).mapToLong(Sample::nanos).sorted().toArray();
    long[] readNanos = reads.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "| all reads | %d | | | %.1f | %.1f | %.1f |%n",
        readNanos.length, ms(readNanos, 0.5), ms(readNanos, 0.99), readNanos.length == 0 ? 0 : readNanos[readNanos.length - 1] / 1e6);
    System.out.printf(Locale.ROOT, "| all | %d | %d | %d | %.1f | %.1f | %.1f |%n",
        samples.size(), errors, shedTotal, ms(all, 0.5), ms(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    System.out.printf(Locale.ROOT, "achieved %.1f requests/s; errors %d; writes shed %d%n",
        samples.size() / (double) seconds, errors, shedTotal);
    samples.stream().filter(s -> !s.ok()).limit(5).forEach(s -> System.out.println("error: " + s.problem()));
  }

  /** Nearest-rank percentile in milliseconds of a sorted array. */
  private static double ms(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
