package io.deploymcp.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.SseClient;
import io.deploymcp.api.support.SseClient.Event;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.WorkerStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /v1/deployments/{id}/events over real HTTP against a real PostgreSQL: the rows are written
 * as the worker writes them (WorkerStandIn's UPDATEs, build lines as the log store inserts them,
 * rollout progress through V12's dp_append_deployment_event as the worker's RolloutEvents calls
 * it), and the stream is read by a line-by-line SSE client.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class DeploymentEventsApiTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Inject DataSource dataSource;
  @Inject DeploymentEventHub hub;
  @Inject EventStreamLimits limits;

  private Db db;
  private WorkerStandIn worker;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    worker = new WorkerStandIn(db);
  }

  /** A new service of the key's tenant; its first deployment is queued. */
  private UUID queuedDeployment(String key) {
    String name = Names.unique("ev");
    Api.as(key).body(Map.of("name", name, "repo", "https://github.com/org/" + name))
        .post("/v1/services").then().statusCode(202);
    return UUID.fromString(Api.as(key).get("/v1/services/" + name).then().statusCode(200)
        .extract().path("latest_deployment.id"));
  }

  private static String events(UUID id) {
    return "/v1/deployments/" + id + "/events";
  }

  private void logLines(UUID id, String stream, String... lines) {
    for (String line : lines) {
      db.update(
          "insert into deployment_logs (deployment_id, seq, tenant_id, type, stream, line)"
              + " select d.id, coalesce((select max(seq) from deployment_logs where deployment_id = d.id), 0) + 1,"
              + " d.tenant_id, 'build', ?, ? from deployments d where d.id = ?",
          stream, line, id);
    }
  }

  private void rollout(UUID id, int ready, String reason) {
    db.one("select dp_append_deployment_event(?, 'rollout', cast(? as jsonb))", id,
        "{\"ready\": " + ready + ", \"desired\": 1, \"pods\": [{\"name\": \"p-1\", \"phase\": \"Running\", \"ready\": "
            + (ready == 1) + ", \"restarts\": 0, \"reason\": " + (reason == null ? "null" : "\"" + reason + "\"") + "}],"
            + " \"status\": \"" + ready + "/1 new pods ready\"}");
  }

  private static List<String> types(List<Event> events) {
    return events.stream().map(Event::type).toList();
  }

  private static String field(Event e, String path) {
    return JsonPath.from(e.data()).getString(path);
  }

  @Test
  void aDeploysEventsArriveLiveInOrderAndTheStreamEndsAtTheResult() {
    UUID id = queuedDeployment(TestStack.BOOTSTRAP_KEY);
    try (SseClient sse = SseClient.open(TestStack.BOOTSTRAP_KEY, events(id), null)) {
      assertThat(sse.contentType()).startsWith("text/event-stream");
      Event queued = sse.until("phase", WAIT).getLast();
      assertThat(field(queued, "status")).isEqualTo("queued");

      worker.enterPhase(id, "cloning");
      assertThat(field(sse.until("phase", WAIT).getLast(), "status")).isEqualTo("cloning");
      worker.enterPhase(id, "building");
      assertThat(field(sse.until("phase", WAIT).getLast(), "status")).isEqualTo("building");
      logLines(id, "step", "#1 [1/2] FROM busybox", "#2 [2/2] RUN make");
      List<Event> lines = List.of(sse.until("log", WAIT).getLast(), sse.until("log", WAIT).getLast());
      assertThat(lines).extracting(e -> field(e, "line")).containsExactly("#1 [1/2] FROM busybox", "#2 [2/2] RUN make");
      // A service repository's name, as a real push has: the registry GC tests read every image_ref.
      String image = "127.0.0.1:5000/" + db.one("select 'dp-' || t.name || '-' || p.name || '/' || s.name"
          + " from deployments d join services s on s.id = d.service_id join projects p on p.id = s.project_id"
          + " join tenants t on t.id = s.tenant_id where d.id = ?", id) + "@sha256:" + "a".repeat(64);
      worker.recordImage(id, image);
      worker.enterPhase(id, "deploying");
      rollout(id, 0, "ContainerCreating");
      rollout(id, 1, null);
      worker.rollOut(id, "0123456789abcdef0123456789abcdef01234567", image);

      List<Event> rest = sse.toEnd(WAIT);
      assertThat(types(rest)).containsExactly("phase", "rollout", "rollout", "phase", "result");
      assertThat(field(rest.get(1), "pods[0].reason")).isEqualTo("ContainerCreating");
      assertThat(field(rest.get(2), "ready")).isEqualTo("1");
      assertThat(field(rest.get(3), "status")).isEqualTo("running");
      assertThat(field(rest.get(4), "status")).isEqualTo("running");
      assertThat(field(rest.get(4), "image_ref")).endsWith("a".repeat(64));
      // The last id: 8 events (queued, cloning, building, deploying, 2 rollouts, running, the result), 2 lines.
      assertThat(rest.getLast().id()).isEqualTo("8.2");
    }
  }

  @Test
  void aReconnectWithLastEventIdMidStreamGetsExactlyTheRest() {
    UUID id = queuedDeployment(TestStack.BOOTSTRAP_KEY);
    worker.enterPhase(id, "cloning");
    worker.enterPhase(id, "building");
    logLines(id, "stdout", "one", "two", "three");
    String lastSeen;
    List<Event> first = new ArrayList<>();
    try (SseClient sse = SseClient.open(TestStack.BOOTSTRAP_KEY, events(id), null)) {
      for (int i = 0; i < 4; i++) {
        first.add(sse.next(WAIT));
      }
      lastSeen = first.getLast().id();
    }
    // Written while no one watches; then the watcher comes back with the id it saw last.
    logLines(id, "stdout", "four", "five");
    worker.failWithoutBuildKit(id);
    try (SseClient sse = SseClient.open(TestStack.BOOTSTRAP_KEY, events(id), lastSeen)) {
      List<Event> rest = sse.toEnd(WAIT);
      List<Event> all = new ArrayList<>(first);
      all.addAll(rest);
      // Every event once, in order: 3 phases + 5 lines + failed + result.
      assertThat(all).extracting(Event::id).doesNotHaveDuplicates();
      assertThat(all.stream().filter(e -> e.type().equals("log")).map(e -> field(e, "line")))
          .containsExactly("one", "two", "three", "four", "five");
      assertThat(all.stream().filter(e -> e.type().equals("phase")).map(e -> field(e, "status")))
          .containsExactly("queued", "cloning", "building", "failed");
      assertThat(types(rest)).doesNotContain("gap").endsWith("result");
      assertThat(field(rest.getLast(), "error.code")).isEqualTo("BUILDKIT_NOT_CONFIGURED");
      // A fresh reader of the finished deployment gets the same sequence: replay and end.
      try (SseClient replay = SseClient.open(TestStack.BOOTSTRAP_KEY, events(id), null)) {
        assertThat(replay.toEnd(WAIT)).extracting(Event::id).containsExactlyElementsOf(all.stream().map(Event::id).toList());
      }
    }
  }

  @Test
  void aResumePastLinesTheLogStoreDroppedGetsAGapEvent() {
    UUID id = queuedDeployment(TestStack.BOOTSTRAP_KEY);
    worker.enterPhase(id, "building");
    logLines(id, "stdout", "l1", "l2", "l3", "l4", "l5", "l6", "l7");
    // What PostgresLogStore does past its per-deployment maximum: the oldest lines go.
    db.update("delete from deployment_logs where deployment_id = ? and seq <= 5", id);
    worker.failWithoutBuildKit(id);
    try (SseClient sse = SseClient.open(TestStack.BOOTSTRAP_KEY, events(id), "2.2")) {
      List<Event> rest = sse.toEnd(WAIT);
      assertThat(types(rest)).containsExactly("gap", "log", "log", "phase", "result");
      assertThat(field(rest.getFirst(), "from_seq")).isEqualTo("3");
      assertThat(field(rest.getFirst(), "to_seq")).isEqualTo("5");
      assertThat(rest.getFirst().id()).isEqualTo("2.5");
      assertThat(field(rest.get(1), "line")).isEqualTo("l6");
    }
  }

  @Test
  void anIdleStreamGetsKeepAliveComments() throws Exception {
    UUID id = queuedDeployment(TestStack.BOOTSTRAP_KEY);
    try (SseClient sse = SseClient.open(TestStack.BOOTSTRAP_KEY, events(id), null)) {
      assertThat(sse.next(WAIT).type()).isEqualTo("phase");
      Thread.sleep(2_600); // DP_EVENTS_KEEPALIVE is 1s in the tests
      assertThat(sse.comments()).as("the open comment and keep-alives").isGreaterThanOrEqualTo(3);
      assertThat(sse.next(Duration.ofMillis(10))).isNull();
    }
  }

  @Test
  void fiftyFiveWatchersOfOneDeploymentShareOneUpstreamRead() {
    String key = new Tenants(db).newTenantWithKey(Names.unique("evt"), "admin");
    UUID id = queuedDeployment(key);
    long opened = hub.topicsOpened();
    List<SseClient> watchers = new ArrayList<>();
    try {
      for (int i = 0; i < 55; i++) {
        watchers.add(SseClient.open(key, events(id), null));
      }
      for (SseClient w : watchers) {
        assertThat(field(w.next(WAIT), "status")).isEqualTo("queued");
      }
      WorkerStandIn.await(() -> hub.watchers(id).map(w -> w.watchers() == 55 && w.behind() == 0).orElse(false),
          WAIT, "all 55 watchers live");
      assertThat(hub.topicsOpened() - opened).as("one topic for the deployment").isEqualTo(1);
      long reads = hub.reader().reads();
      for (int i = 1; i <= 5; i++) {
        logLines(id, "stdout", "line " + i);
        for (SseClient w : watchers) {
          assertThat(field(w.next(WAIT), "line")).isEqualTo("line " + i);
        }
      }
      // Five commits, five notifications: the topic read each once, not once per watcher.
      assertThat(hub.reader().reads() - reads).isBetween(1L, 10L);
    } finally {
      watchers.forEach(SseClient::close);
    }
    WorkerStandIn.await(() -> hub.watchers(id).isEmpty(), WAIT, "the topic closes with its last watcher");
  }

  @Test
  void aWatcherThatNeverReadsStallsNoOneAndStaysWithinItsBuffer() throws Exception {
    UUID id = queuedDeployment(TestStack.BOOTSTRAP_KEY);
    worker.enterPhase(id, "building");
    // A small receive window, and it never reads: the server's writes to it stop completing.
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new java.net.InetSocketAddress("127.0.0.1", RestAssured.port));
      OutputStream out = stalled.getOutputStream();
      out.write(("GET " + events(id) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
          + "Authorization: Bearer " + TestStack.BOOTSTRAP_KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try (SseClient reader = SseClient.open(TestStack.BOOTSTRAP_KEY, events(id), null)) {
        WorkerStandIn.await(() -> hub.watchers(id).map(w -> w.watchers() == 2 && w.behind() == 0).orElse(false),
            WAIT, "both watchers live");
        // 3000 lines of 4000 characters: some 12 MB, far more than the socket buffers hold.
        db.update(
            "insert into deployment_logs (deployment_id, seq, tenant_id, type, stream, line)"
                + " select d.id, 100 + g, d.tenant_id, 'build', 'stdout', g || ' ' || repeat('x', 4000)"
                + " from deployments d, generate_series(1, 3000) g where d.id = ?", id);
        List<Event> lines = new ArrayList<>();
        while (lines.size() < 3000) {
          Event e = reader.next(Duration.ofSeconds(30));
          assertThat(e).as("line %d reached the reading watcher", lines.size() + 1).isNotNull();
          if (e.type().equals("log")) {
            lines.add(e);
          }
        }
        assertThat(field(lines.getLast(), "line")).startsWith("3000 ");
        DeploymentEventHub.Watchers watchers = hub.watchers(id).orElseThrow();
        assertThat(watchers.watchers()).isEqualTo(2);
        assertThat(watchers.fallbacks()).as("the stalled one fell back to reading by itself").isPositive();
        assertThat(watchers.maxBuffered()).as("never more held than its buffer").isLessThanOrEqualTo(hub.buffer());
        worker.failWithoutBuildKit(id);
        assertThat(reader.toEnd(WAIT).getLast().type()).isEqualTo("result");
      }
      InputStream in = stalled.getInputStream();
      assertThat(new String(in.readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
    }
    WorkerStandIn.await(() -> limits.open() == 0, WAIT, "the stalled watcher's stream closes with its socket");
  }

  @Test
  void anotherTenantsDeploymentABadIdAndABadCursorAreRefusedBeforeAnyStream() throws Exception {
    UUID id = queuedDeployment(TestStack.BOOTSTRAP_KEY);
    String other = new Tenants(db).newTenantWithKey(Names.unique("evo"), "read");
    Api.as(other).accept("text/event-stream").get(events(id)).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    Api.admin().accept("text/event-stream").get("/v1/deployments/not-a-uuid/events").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    Api.admin().accept("text/event-stream").get(events(UUID.randomUUID())).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    Api.admin().accept("text/event-stream").header("Last-Event-ID", "x.1").get(events(id)).then().statusCode(400)
        .body("code", equalTo("INVALID_CURSOR"));
    RestAssured.given().accept("text/event-stream").get(events(id)).then().statusCode(401);
    assertThat(hub.watchers(id)).isEmpty();
  }

  @Test
  void pastTheTenantsBoundAStreamIsRefusedWith429AndTheGaugeCountsOpenStreams() {
    String key = new Tenants(db).newTenantWithKey(Names.unique("evl"), "admin");
    UUID id = queuedDeployment(key);
    List<SseClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        open.add(SseClient.open(key, events(id), null));
      }
      HttpResponse<InputStream> refused = SseClient.request(key, events(id), null);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).contains("5");
      RestAssured.given().get("/q/metrics").then().statusCode(200)
          .body(containsString("dp_event_streams_active"));
      String metrics = RestAssured.given().get("/q/metrics").asString();
      double active = metrics.lines().filter(l -> l.startsWith("dp_event_streams_active"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
      assertThat(active).isGreaterThanOrEqualTo(64);
    } finally {
      open.forEach(SseClient::close);
    }
    WorkerStandIn.await(() -> hub.watchers(id).isEmpty(), WAIT, "closed streams release their slots");
    SseClient.open(key, events(id), null).close();
  }
}
