package io.deploymcp.api.replicas;

import io.deploymcp.api.support.SseClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.auth.ApiKeys;
import io.deploymcp.api.support.ApiProcess;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.RawHttp;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.WorkerStandIn;
import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.store.SecretCipher;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two API replicas behave as one (issue 11): two processes of the packaged API share one
 * PostgreSQL (embedded) and one Temporal (the test server) and sit behind {@link
 * RoundRobinProxy}, which alternates strictly between them, the SSE GET stream included. The
 * official MCP Java SDK client runs a whole session through the proxy: initialize, tools/list, a
 * tool call, a wait with progress notifications while a deploy fails with
 * BUILDKIT_NOT_CONFIGURED (the phases written by {@link WorkerStandIn}, the worker's own
 * UPDATEs), and a resource subscription whose update notifications arrive on the GET stream held
 * by whichever replica got it. Another key cannot use the session's id; the event stream resumes
 * with Last-Event-ID on either replica; and a key's rate limit is one budget for both replicas.
 */
class McpReplicasIT {
  private static final String BOOTSTRAP_KEY = "dpk_boot0000_bootstrapbootstrapbootstrapbootstrap00";
  private static final int BURST = 60;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static EmbeddedPostgres postgres;
  private static EmbeddedTemporal temporal;
  private static ApiProcess first;
  private static ApiProcess second;
  private static RoundRobinProxy proxy;
  private static Db db;
  private static Tenants tenants;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startTwoReplicas() throws Exception {
    postgres = EmbeddedPostgres.startTemporary();
    temporal = EmbeddedTemporal.start(0);
    Map<String, String> env = Map.of(
        "DP_DATABASE_URL", postgres.jdbcUrl(),
        "DP_DATABASE_USER", postgres.user(),
        "TEMPORAL_ADDRESS", temporal.target(),
        "DP_BOOTSTRAP_API_KEY", BOOTSTRAP_KEY,
        "DP_SECRET_KEY", SecretCipher.newBase64Key(),
        "DP_APPS_DOMAIN", "apps.test",
        // A small bucket with a slow refill, so the shared limit shows in a short burst.
        "DP_RATE_LIMIT_BURST", Integer.toString(BURST),
        "DP_RATE_LIMIT_REQUESTS_PER_SECOND", "0.5");
    // Both start (and run Flyway) at once, as a fresh install's two pods do.
    first = ApiProcess.start("api-1", env);
    second = ApiProcess.start("api-2", env);
    first.awaitReady(Duration.ofSeconds(90));
    second.awaitReady(Duration.ofSeconds(90));
    proxy = new RoundRobinProxy(first.port(), second.port());
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(postgres.jdbcUrl());
    ds.setUser(postgres.user());
    db = new Db(ds);
    tenants = new Tenants(db);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {proxy, first, second, temporal, postgres}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void aDeploymentsEventStreamResumesOnTheOtherReplicaExactlyAfterTheLastEventId() throws Exception {
    String key = tenants.newTenantWithKey(Names.unique("replicas-ev"), "deploy");
    String name = Names.unique("replica-ev");
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/v1/services"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"repo\": \"https://github.com/org/" + name + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(202);
    UUID id = (UUID) db.one("select d.id from deployments d join services s on s.id = d.service_id where s.name = ?", name);
    WorkerStandIn worker = new WorkerStandIn(db);
    String path = "/v1/deployments/" + id + "/events";
    List<SseClient.Event> seen = new ArrayList<>();
    try (SseClient onFirst = SseClient.open(first.port(), key, path, null)) {
      seen.add(onFirst.next(WAIT));
      worker.enterPhase(id, "cloning");
      seen.add(onFirst.next(WAIT));
      worker.enterPhase(id, "building");
      worker.buildLogStep(id, "#1 [1/1] FROM busybox");
      seen.addAll(onFirst.until("log", WAIT));
    }
    // Written while the client is away; it comes back through the other replica.
    worker.buildLogStep(id, "#2 [2/2] RUN make");
    worker.failWithoutBuildKit(id);
    try (SseClient onSecond = SseClient.open(second.port(), key, path, seen.getLast().id())) {
      List<SseClient.Event> rest = onSecond.toEnd(WAIT);
      assertThat(rest).extracting(SseClient.Event::type).containsExactly("log", "phase", "result");
      assertThat(rest.getFirst().data()).contains("RUN make");
      List<SseClient.Event> all = new ArrayList<>(seen);
      all.addAll(rest);
      assertThat(all).extracting(SseClient.Event::type)
          .containsExactly("phase", "phase", "phase", "log", "log", "phase", "result");
      assertThat(all).extracting(SseClient.Event::id).doesNotHaveDuplicates();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void wholeSessionWorksWhileRequestsAlternateBetweenReplicas() throws Exception {
    String key = tenants.newTenantWithKey(Names.unique("replicas"), "deploy");
    String name = Names.unique("replica");
    String uri = "service://" + name;
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    List<McpSchema.ResourceContents> updates = new CopyOnWriteArrayList<>();
    int routedBefore = proxy.routed().size();

    try (McpSyncClient client = client(key, progress, updates)) {
      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.serverInfo().name()).isEqualTo("deploy-mcp");
      String sessionId = (String) db.one(
          "select s.id from mcp_sessions s join api_keys k on k.id = s.api_key_id where k.prefix = ?",
          ApiKeys.prefixOf(key));

      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
          .contains("whoami", "create_service", "redeploy", "get_deployment");
      McpSchema.CallToolResult whoami = client.callTool(McpSchema.CallToolRequest.builder("whoami").build());
      assertThat(whoami.isError()).isFalse();

      // The deploy the wait follows: the stand-in moves it one phase after each notification and
      // subscribes to the new service while it is queued; each phase must reach the client both
      // as progress (on the tools/call response) and as resources/updated (on the GET stream).
      CompletableFuture<Void> standIn = CompletableFuture.runAsync(() -> {
        WorkerStandIn worker = new WorkerStandIn(db);
        WorkerStandIn.await(() -> saw(progress, "queued"), WAIT, "queued");
        UUID id = (UUID) db.one(
            "select d.id from deployments d join services s on s.id = d.service_id where s.name = ?", name);
        subscribeOnceRegistered(client, uri);
        worker.enterPhase(id, "cloning");
        WorkerStandIn.await(() -> saw(progress, "cloning") && updated(updates, "cloning"), WAIT, "cloning");
        worker.enterPhase(id, "building");
        WorkerStandIn.await(() -> saw(progress, "building") && updated(updates, "building"), WAIT, "building");
        worker.failWithoutBuildKit(id);
      }, Thread::startVirtualThread);
      McpSchema.CallToolResult created = client.callTool(McpSchema.CallToolRequest.builder("create_service")
          .arguments(Map.of("name", name, "repo", "https://github.com/org/" + name, "wait_seconds", 60))
          .progressToken("deploy-" + name)
          .build());
      standIn.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(created.isError()).isFalse();
      Map<String, Object> deployment =
          (Map<String, Object>) ((Map<String, Object>) created.structuredContent()).get("deployment");
      assertThat(deployment).containsEntry("status", "failed");
      assertThat((Map<String, Object>) deployment.get("error")).containsEntry("code", "BUILDKIT_NOT_CONFIGURED");
      assertThat(progress).extracting(McpSchema.ProgressNotification::message)
          .containsSubsequence("queued", "cloning", "building", "failed: BUILDKIT_NOT_CONFIGURED");
      WorkerStandIn.await(() -> updated(updates, "failed"), WAIT, "the update after the failure");
      // The replica that ran the call knew the client from the shared session, wherever the
      // initialize had landed.
      assertThat(db.one("select client from audit_log where action = 'service.create' and target = ?",
          "services/" + name)).isEqualTo("replicas-it/1.0");

      // The session really was served by both replicas: its requests alternated, and the GET
      // stream sat on one replica while the writes that notified it came in through the other.
      List<RoundRobinProxy.Routed> session = proxy.routed().subList(routedBefore, proxy.routed().size()).stream()
          .filter(r -> sessionId.equals(r.sessionId())).toList();
      assertThat(session).extracting(RoundRobinProxy.Routed::backend).contains(0, 1);
      Set<Integer> postBackends = session.stream().filter(r -> r.method().equals("POST"))
          .map(RoundRobinProxy.Routed::backend).collect(Collectors.toSet());
      assertThat(postBackends).containsExactlyInAnyOrder(0, 1);
      assertThat(session).anyMatch(r -> r.method().equals("GET"));

      // Another key of the same tenant cannot use the session: refused on either replica, with
      // a problem that says why, and nothing is created.
      String other = tenants.newKey(
          (UUID) db.one("select tenant_id from mcp_sessions where id = ?", sessionId), "deploy");
      String stolen = Names.unique("stolen");
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> refused = post(other, sessionId,
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"create_service\","
                + "\"arguments\":{\"name\":\"" + stolen + "\",\"repo\":\"https://github.com/org/x\"}}}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"code\":\"MCP_SESSION_KEY_MISMATCH\"").contains("another API key");
        HttpResponse<InputStream> stream = get(other, sessionId, null);
        assertThat(stream.statusCode()).isEqualTo(403);
        stream.body().close();
      }
      assertThat(db.count("select count(*) from services where name = ?", stolen)).isZero();

      // Resumption: a new GET stream with Last-Event-ID, on either replica, replays exactly the
      // events after that id, numbered as the first stream numbered them.
      long last = (Long) db.one("select event_seq from mcp_sessions where id = ?", sessionId);
      assertThat(last).isGreaterThanOrEqualTo(3);
      List<String> fromStart = List.of();
      for (int i = 0; i < 2; i++) {
        List<String> replayed = readEvents(key, sessionId, 0, (int) last);
        assertThat(replayed).hasSize((int) last);
        assertThat(replayed.getFirst()).startsWith("1 ");
        assertThat(replayed).anyMatch(e -> e.contains("notifications/resources/updated") && e.contains(uri));
        if (i == 1) {
          assertThat(replayed).isEqualTo(fromStart);
        }
        fromStart = replayed;
      }
      assertThat(readEvents(key, sessionId, last - 1, 1)).containsExactly(fromStart.getLast());
    }
  }

  @Test
  void thePackagedApiAnswersAnUnparsableUriAsAProblem() {
    // ApiMain switches off Quarkus's own URI check, whose answer is an empty 400: the request
    // guard answers it, before any key is looked up.
    RawHttp.send(first.port(), "GET /v1/services?cursor=%%% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .assertProblem(400, "INVALID_ENCODING");
  }

  @Test
  void thePackagedApiAnswersWhatTheHttpDecoderRefusesAsAProblem() {
    // InvalidRequestHook is installed when Quarkus creates Vert.x: here in the packaged API too.
    RawHttp.send(first.port(), "GET /v1/services HTTP/1.1\r\nHost: x\r\nX-Note: a\u0000b\r\nConnection: close\r\n\r\n")
        .assertProblem(400, "CONTROL_CHARACTER");
  }

  @Test
  void endedSessionIsNotFoundOnEitherReplica() throws Exception {
    String key = tenants.newTenantWithKey(Names.unique("ended"), "read");
    HttpResponse<String> init = post(key, null,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    assertThat(init.statusCode()).isEqualTo(200);
    String sessionId = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(db.count("select count(*) from mcp_sessions where id = ? and client_name = 'raw'", sessionId)).isOne();
    for (int i = 0; i < 2; i++) {
      assertThat(post(key, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").statusCode())
          .isEqualTo(200);
    }
    HttpResponse<String> deleted = http.send(request(key, sessionId).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(200);
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> gone = post(key, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
      assertThat(gone.statusCode()).isEqualTo(404);
      assertThat(gone.body()).contains("\"code\":\"MCP_SESSION_NOT_FOUND\"");
    }
  }

  @Test
  void rateLimitIsOneBudgetForBothReplicas() throws Exception {
    String key = tenants.newTenantWithKey(Names.unique("limited"), "read");
    int requests = BURST * 2;
    int granted = 0;
    int limited = 0;
    int before = proxy.routed().size();
    long started = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> r = http.send(request(key, null, "/v1/whoami").GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        granted++;
      } else {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        limited++;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // Each replica alone would have granted all of them (BURST each); shared, the burst plus
    // what 0.5/s refilled meanwhile.
    assertThat(proxy.routed().subList(before, proxy.routed().size()))
        .extracting(RoundRobinProxy.Routed::backend).containsOnly(0, 1).contains(0, 1);
    assertThat(granted).isBetween(BURST, BURST + 1 + (int) (seconds * 0.5));
    assertThat(limited).isEqualTo(requests - granted);
  }

  private static McpSyncClient client(
      String key, List<McpSchema.ProgressNotification> progress, List<McpSchema.ResourceContents> updates) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(proxy.url())
        .endpoint("/mcp")
        .httpRequestCustomizer((request, method, endpoint, body, context) ->
            request.header("Authorization", "Bearer " + key))
        .build();
    return McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("replicas-it", "1.0").build())
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(20))
        .progressConsumer(progress::add)
        .resourcesUpdateConsumer(updates::addAll)
        .build();
  }

  /** Subscribes once both replicas registered the new service as a resource (their listeners may lag a little). */
  private static void subscribeOnceRegistered(McpSyncClient client, String uri) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        client.subscribeResource(new McpSchema.SubscribeRequest(uri));
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        sleep(50);
      }
    }
  }

  private static boolean saw(List<McpSchema.ProgressNotification> progress, String message) {
    return progress.stream().anyMatch(p -> message.equals(p.message()));
  }

  /** Whether the client re-read the resource (after a resources/updated) and found the latest deployment in {@code status}. */
  private static boolean updated(List<McpSchema.ResourceContents> updates, String status) {
    return updates.stream().anyMatch(c -> c instanceof McpSchema.TextResourceContents text
        && text.text().contains("\"latest_deployment\"")
        && text.text().contains("\"status\":\"" + status + "\""));
  }

  private static HttpRequest.Builder request(String key, String sessionId) {
    return request(key, sessionId, "/mcp");
  }

  private static HttpRequest.Builder request(String key, String sessionId, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxy.url() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key)
        .header("Accept", "application/json, text/event-stream");
    if (sessionId != null) {
      b.header("Mcp-Session-Id", sessionId);
    }
    return b;
  }

  private static HttpResponse<String> post(String key, String sessionId, String body) throws Exception {
    return http.send(request(key, sessionId).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<InputStream> get(String key, String sessionId, Long lastEventId) throws Exception {
    HttpRequest.Builder b = request(key, sessionId).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      b.header("Last-Event-ID", Long.toString(lastEventId));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Opens a GET stream after {@code lastEventId} and reads {@code count} events as "id data". */
  private static List<String> readEvents(String key, String sessionId, long lastEventId, int count) throws Exception {
    HttpResponse<InputStream> response = get(key, sessionId, lastEventId);
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> events = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String line;
      while (events.size() < count && (line = reader.readLine()) != null) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ") && line.length() > 6) {
          events.add(id + " " + line.substring(6));
        }
      }
    }
    return events;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
