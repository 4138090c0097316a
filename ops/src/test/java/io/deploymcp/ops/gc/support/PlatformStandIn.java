package io.deploymcp.ops.gc.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A protocol-faithful stand-in of the platform's registry-GC endpoints as GC-CONTRACT /
 * docs/registry-gc.md write them, with gcplat's refinements (JDK HTTP server on loopback, state in
 * memory): the bearer operator token (401 UNAUTHENTICATED), one open run at a time (409
 * REGISTRY_GC_RUNNING), keep_last outside 1..100 (422 INVALID_FIELD), dry runs without a run,
 * claims decided at claim time (refused: the keep reasons, digests needed since the run opened,
 * busy, unknown_repository; cache digests granted unless their service is busy), the sweep
 * refused while builds are in flight (409 BUILDS_IN_FLIGHT), DELETE idempotent for a run that
 * existed, unknown runs 409 REGISTRY_GC_RUN_ENDED, a lease that lapses. What it keeps per
 * repository is set by the test. It can also misbehave on purpose ({@link #answerNext}), which
 * the real API never does, to prove the collector deletes nothing then. The real API is exercised
 * by the api module's RegistryGcIT.
 */
public final class PlatformStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String token;
  private final Map<String, Repository> repositories = new LinkedHashMap<>();
  private final Map<String, String> neededSinceOpen = new ConcurrentHashMap<>();
  private final Map<String, Injected> injected = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> collected = Collections.synchronizedSet(new LinkedHashSet<>());
  private final List<UUID> endedRuns = Collections.synchronizedList(new ArrayList<>());
  private volatile UUID openRun;
  private volatile Instant openUntil;
  private volatile boolean sweeping;
  private volatile int buildsInFlightAnswers;
  private volatile Duration lease = Duration.ofMinutes(30);
  private final Set<UUID> runs = Collections.synchronizedSet(new LinkedHashSet<>());

  private record Injected(int status, String body) {}

  private final Map<String, Integer> passBeforeInjecting = new ConcurrentHashMap<>();

  /** What the platform says of one repository; set by the test. */
  public static final class Repository {
    final String name;
    boolean serviceExists = true;
    boolean busy;
    final Map<String, List<String>> keep = new LinkedHashMap<>();
    final Set<String> known = new LinkedHashSet<>();

    Repository(String name) {
      this.name = name;
    }

    /** A digest a deployment needs, with why (also known). */
    public Repository keep(String digest, String... reasons) {
      keep.computeIfAbsent(digest, d -> new ArrayList<>()).addAll(List.of(reasons));
      known.add(digest);
      return this;
    }

    /** Digests deployments recorded, needed or not. */
    public Repository known(String... digests) {
      known.addAll(List.of(digests));
      return this;
    }

    public Repository busy() {
      busy = true;
      return this;
    }

    /** The service was deleted: nothing kept. */
    public Repository deleted() {
      serviceExists = false;
      keep.clear();
      return this;
    }
  }

  private PlatformStandIn(HttpServer server, String token) {
    this.server = server;
    this.token = token;
  }

  public static PlatformStandIn start(String token) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      PlatformStandIn standIn = new PlatformStandIn(server, token);
      server.createContext("/", standIn::handle);
      server.start();
      return standIn;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public synchronized Repository repository(String name) {
    return repositories.computeIfAbsent(name, Repository::new);
  }

  /** A deploy started while the run is open now needs this digest: a claim of it is refused. */
  public void neededSinceOpen(String repository, String digest, String reason) {
    neededSinceOpen.put(repository + "@" + digest, reason);
  }

  /** How long the next runs' leases last (default 30 minutes, the API's default). */
  public void leaseFor(Duration duration) {
    lease = duration;
  }

  /** The next {@code n} sweep requests answer 409 BUILDS_IN_FLIGHT. */
  public void buildsInFlightFor(int n) {
    buildsInFlightAnswers = n;
  }

  /** The next request of a step ("open run", "claims", "sweep", "end run") gets this answer instead. */
  public void answerNext(String step, int status, String body) {
    injected.put(step, new Injected(status, body));
  }

  /** Like {@link #answerNext}, but only after {@code n} requests of that step were answered faithfully. */
  public void answerNextAfter(String step, int n, int status, String body) {
    passBeforeInjecting.put(step, n);
    injected.put(step, new Injected(status, body));
  }

  /** Requests as "METHOD /path", in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public Set<String> collected() {
    synchronized (collected) {
      return Set.copyOf(collected);
    }
  }

  public List<UUID> endedRuns() {
    synchronized (endedRuns) {
      return List.copyOf(endedRuns);
    }
  }

  /** A run is open and has not ended (pushes would be held while it sweeps). */
  public boolean runOpen() {
    return openRun != null && Instant.now().isBefore(openUntil);
  }

  public boolean sweeping() {
    return sweeping && runOpen();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.add(method + " " + path);
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer " + token).equals(authorization)) {
        problem(exchange, 401, "UNAUTHENTICATED", "missing or wrong operator token");
        return;
      }
      String prefix = "/v1/operator/registry-gc/runs";
      if (!path.startsWith(prefix)) {
        problem(exchange, 404, "NOT_FOUND", "no such endpoint");
        return;
      }
      String[] rest = path.substring(prefix.length()).split("/");
      String step = rest.length <= 1 ? "open run" : rest.length == 2 ? "end run" : rest[2];
      int pass = passBeforeInjecting.getOrDefault(step, 0);
      if (pass > 0) {
        passBeforeInjecting.put(step, pass - 1);
      }
      Injected inject = pass > 0 ? null : injected.remove(step);
      if (inject != null) {
        send(exchange, inject.status(), inject.status() >= 400 ? "application/problem+json" : "application/json", inject.body());
        return;
      }
      synchronized (this) {
        switch (step) {
          case "open run" -> open(exchange, JSON.readTree(requestBody));
          case "claims" -> claims(exchange, UUID.fromString(rest[1]), JSON.readTree(requestBody));
          case "sweep" -> sweep(exchange, UUID.fromString(rest[1]));
          case "end run" -> end(exchange, UUID.fromString(rest[1]));
          default -> problem(exchange, 404, "NOT_FOUND", "no such endpoint");
        }
      }
    }
  }

  private void open(HttpExchange exchange, JsonNode body) throws IOException {
    int keepLast = body.path("keep_last").asInt(-1);
    boolean dryRun = body.path("dry_run").asBoolean(false);
    if (keepLast < 1 || keepLast > 100) {
      problem(exchange, 422, "INVALID_FIELD", "keep_last must be between 1 and 100");
      return;
    }
    if (!dryRun && runOpen()) {
      problem(exchange, 409, "REGISTRY_GC_RUNNING", "another registry GC run is open until " + openUntil);
      return;
    }
    ObjectNode answer = JSON.createObjectNode();
    if (dryRun) {
      answer.putNull("run_id");
      answer.putNull("expires_at");
    } else {
      openRun = UUID.randomUUID();
      runs.add(openRun);
      openUntil = Instant.now().plus(lease);
      sweeping = false;
      neededSinceOpen.clear();
      answer.put("run_id", openRun.toString());
      answer.put("expires_at", openUntil.toString());
    }
    answer.put("phase", "claim");
    answer.put("keep_last", keepLast);
    ArrayNode list = answer.putArray("repositories");
    for (Repository repository : repositories.values()) {
      ObjectNode entry = list.addObject();
      entry.put("repository", repository.name).put("service_exists", repository.serviceExists).put("busy", repository.busy);
      ArrayNode keep = entry.putArray("keep");
      repository.keep.forEach((digest, reasons) -> {
        ObjectNode kept = keep.addObject().put("digest", digest);
        reasons.forEach(kept.putArray("reasons")::add);
      });
      repository.known.forEach(entry.putArray("known")::add);
    }
    send(exchange, dryRun ? 200 : 201, "application/json", answer.toString());
  }

  private void claims(HttpExchange exchange, UUID run, JsonNode body) throws IOException {
    if (!run.equals(openRun) || !runOpen()) {
      problem(exchange, 409, "REGISTRY_GC_RUN_ENDED", "run " + run + " is not open");
      return;
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode granted = answer.putArray("granted");
    ArrayNode refused = answer.putArray("refused");
    for (JsonNode claim : body.path("digests")) {
      String repository = claim.path("repository").asText();
      String digest = claim.path("digest").asText();
      boolean cache = repository.startsWith("cache/");
      Repository policy = repositories.get(cache ? repository.substring("cache/".length()) : repository);
      String reason = neededSinceOpen.get(repository + "@" + digest);
      if (reason == null && policy == null) {
        reason = "unknown_repository";
      } else if (reason == null && cache && policy.busy) {
        reason = "busy";
      } else if (reason == null && !cache && policy.keep.containsKey(digest)) {
        reason = policy.keep.get(digest).getFirst();
      } else if (reason == null && !cache && policy.busy && !policy.known.contains(digest)) {
        reason = "busy";
      }
      if (reason != null) {
        refused.addObject().put("repository", repository).put("digest", digest).put("reason", reason);
      } else {
        granted.addObject().put("repository", repository).put("digest", digest);
        collected.add(repository + "@" + digest);
      }
    }
    send(exchange, 200, "application/json", answer.toString());
  }

  private void sweep(HttpExchange exchange, UUID run) throws IOException {
    if (!run.equals(openRun) || !runOpen()) {
      problem(exchange, 409, "REGISTRY_GC_RUN_ENDED", "run " + run + " is not open");
      return;
    }
    if (buildsInFlightAnswers > 0) {
      buildsInFlightAnswers--;
      problem(exchange, 409, "BUILDS_IN_FLIGHT", "a build is pushing");
      return;
    }
    sweeping = true;
    send(exchange, 200, "application/json", "{\"phase\":\"sweep\"}");
  }

  private void end(HttpExchange exchange, UUID run) throws IOException {
    if (!runs.contains(run)) {
      problem(exchange, 409, "REGISTRY_GC_RUN_ENDED", "no run " + run);
      return;
    }
    endedRuns.add(run);
    if (run.equals(openRun)) {
      openRun = null;
    }
    sweeping = false;
    exchange.sendResponseHeaders(204, -1);
  }

  private static void problem(HttpExchange exchange, int status, String code, String detail) throws IOException {
    Map<String, Object> problem = new HashMap<>();
    problem.put("status", status);
    problem.put("code", code);
    problem.put("title", code);
    problem.put("detail", detail);
    send(exchange, status, "application/problem+json", JSON.writeValueAsString(problem));
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
