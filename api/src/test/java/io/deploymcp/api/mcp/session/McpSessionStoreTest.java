package io.deploymcp.api.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.auth.ApiKeys;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.WorkerStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared MCP session state of migration V6 against real PostgreSQL: sessions bound to a key,
 * subscriptions, the per-session numbered events V6's triggers write, pruning, the rebuilt
 * connection of a session, and the shared token bucket under concurrent takers (as two replicas
 * would take).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class McpSessionStoreTest {
  @Inject DataSource dataSource;
  @Inject McpSessionStore store;
  @Inject McpConnections connections;
  @Inject McpEventStreams streams;

  private Db db;
  private Tenants tenants;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    tenants = new Tenants(db);
  }

  private McpSession newSession(String key) {
    UUID keyId = (UUID) db.one("select id from api_keys where prefix = ?", ApiKeys.prefixOf(key));
    UUID tenantId = (UUID) db.one("select tenant_id from api_keys where id = ?", keyId);
    McpSession session = new McpSession(McpSessionFilter.newId(), keyId, tenantId, "2025-11-25", "agent", "2.0", null);
    store.create(session);
    return session;
  }

  private UUID service(String key, String name) {
    Api.as(key).body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
        .then().statusCode(202);
    return (UUID) db.one("select id from services where name = ?", name);
  }

  private UUID latestDeployment(UUID serviceId) {
    return (UUID) db.one("select id from deployments where service_id = ? order by created_at desc limit 1", serviceId);
  }

  @Test
  void aSessionIsFoundWithItsKeyAndClientAndIsGoneAfterDelete() {
    String key = tenants.newTenantWithKey(Names.unique("sess"), "read");
    McpSession session = newSession(key);

    McpSession found = store.find(session.id()).orElseThrow();
    assertThat(found.apiKeyId()).isEqualTo(session.apiKeyId());
    assertThat(found.tenantId()).isEqualTo(session.tenantId());
    assertThat(found.clientName()).isEqualTo("agent");
    assertThat(found.protocolVersion()).isEqualTo("2025-11-25");
    assertThat(store.lastEventSeq(session.id())).hasValue(0L);

    assertThat(store.delete(session.id())).isTrue();
    assertThat(store.find(session.id())).isEmpty();
    assertThat(store.delete(session.id())).isFalse();
    assertThat(store.lastEventSeq(session.id())).isEmpty();
  }

  @Test
  void sessionIdsAreLongAndDistinct() {
    List<String> ids = IntStream.range(0, 100).mapToObj(i -> McpSessionFilter.newId()).distinct().toList();
    assertThat(ids).hasSize(100).allSatisfy(id -> assertThat(id).hasSize(32).matches("[A-Za-z0-9_-]+"));
  }

  @Test
  void touchRecordsUseAtMostOncePerMinute() {
    String key = tenants.newTenantWithKey(Names.unique("touch"), "read");
    McpSession session = newSession(key);
    db.update("update mcp_sessions set last_used_at = now() - interval '5 minutes' where id = ?", session.id());
    store.touch(session.id());
    Object touched = db.one("select last_used_at from mcp_sessions where id = ?", session.id());
    store.touch(session.id()); // within the minute: no write
    assertThat(db.one("select last_used_at from mcp_sessions where id = ?", session.id())).isEqualTo(touched);
    assertThat(db.count("select count(*) from mcp_sessions where id = ? and last_used_at > now() - interval '1 minute'",
        session.id())).isOne();
  }

  @Test
  void subscribedSessionsGetNumberedEventsForEachChangeOthersNone() {
    String key = tenants.newTenantWithKey(Names.unique("events"), "deploy");
    String name = Names.unique("ev-svc");
    McpSession subscriber = newSession(key);
    McpSession bystander = newSession(key);
    UUID serviceId = service(key, name);
    // The create told both sessions of the tenant that the list changed, and nothing else.
    assertThat(store.eventsAfter(subscriber.id(), 0, 10)).extracting(McpSessionEvent::method)
        .containsExactly("notifications/resources/list_changed");
    long start = store.lastEventSeq(subscriber.id()).orElseThrow();

    store.subscribe(subscriber.id(), serviceId);
    store.subscribe(subscriber.id(), serviceId); // twice is once
    assertThat(store.subscriptions(subscriber.id())).containsExactly(serviceId);
    WorkerStandIn worker = new WorkerStandIn(db);
    UUID deployment = latestDeployment(serviceId);
    worker.enterPhase(deployment, "cloning");
    worker.enterPhase(deployment, "building");

    List<McpSessionEvent> events = store.eventsAfter(subscriber.id(), start, 10);
    assertThat(events).extracting(McpSessionEvent::seq).containsExactly(start + 1, start + 2);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.method()).isEqualTo("notifications/resources/updated");
      assertThat(e.message()).isEqualTo(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\": \"service://"
              + name + "\"}}");
    });
    assertThat(store.eventsAfter(subscriber.id(), start + 1, 10)).extracting(McpSessionEvent::seq)
        .containsExactly(start + 2);
    assertThat(store.eventsAfter(bystander.id(), 1, 10)).isEmpty();

    store.unsubscribe(subscriber.id(), serviceId);
    worker.failWithoutBuildKit(deployment);
    assertThat(store.eventsAfter(subscriber.id(), start + 2, 10)).isEmpty();
  }

  @Test
  void anotherTenantsServiceChangesTellNothing() {
    String mine = tenants.newTenantWithKey(Names.unique("mine"), "deploy");
    String theirs = tenants.newTenantWithKey(Names.unique("theirs"), "deploy");
    McpSession session = newSession(mine);
    service(theirs, Names.unique("their-svc"));
    assertThat(store.eventsAfter(session.id(), 0, 10)).isEmpty();
  }

  @Test
  void endingASessionRemovesItsSubscriptionsAndEvents() {
    String key = tenants.newTenantWithKey(Names.unique("end"), "deploy");
    McpSession session = newSession(key);
    UUID serviceId = service(key, Names.unique("end-svc"));
    store.subscribe(session.id(), serviceId);
    store.delete(session.id());
    assertThat(db.count("select count(*) from mcp_subscriptions where session_id = ?", session.id())).isZero();
    assertThat(db.count("select count(*) from mcp_session_events where session_id = ?", session.id())).isZero();
    new WorkerStandIn(db).enterPhase(latestDeployment(serviceId), "cloning"); // no session: no event, no error
  }

  @Test
  void pruneDropsIdleSessionsAndOldEventsOnly() {
    String key = tenants.newTenantWithKey(Names.unique("prune"), "deploy");
    McpSession idle = newSession(key);
    McpSession busy = newSession(key);
    service(key, Names.unique("prune-svc")); // one list_changed event each
    db.update("update mcp_sessions set last_used_at = now() - interval '2 days' where id = ?", idle.id());
    db.update("update mcp_session_events set created_at = now() - interval '2 hours' where session_id = ?", busy.id());

    assertThat(store.prune(Duration.ofDays(1), Duration.ofHours(1))).isGreaterThanOrEqualTo(1);
    assertThat(store.find(idle.id())).isEmpty();
    assertThat(store.find(busy.id())).isPresent();
    assertThat(store.eventsAfter(busy.id(), 0, 10)).isEmpty();
    // Numbering goes on after pruning: ids are never reused within a session.
    assertThat(store.lastEventSeq(busy.id())).hasValue(1L);
  }

  @Test
  void aReplicaRebuildsTheConnectionOfASessionItHasNotSeen() {
    String key = tenants.newTenantWithKey(Names.unique("conn"), "read");
    McpSession session = newSession(key);
    assertThat(connections.holds(session.id())).isFalse();
    connections.ensure(store.find(session.id()).orElseThrow());
    connections.ensure(store.find(session.id()).orElseThrow()); // idempotent
    assertThat(connections.holds(session.id())).isTrue();
    connections.drop(session.id());
    assertThat(connections.holds(session.id())).isFalse();
  }

  @Test
  void theSweepClosesTheStreamOfASessionEndedElsewhere() throws Exception {
    String key = tenants.newTenantWithKey(Names.unique("sweep"), "read");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> init = http.send(HttpRequest.newBuilder(URI.create(McpClients.baseUrl() + "/mcp"))
        .header("Authorization", "Bearer " + key)
        .header("Accept", "application/json, text/event-stream")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"sweep\",\"version\":\"1\"}}}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    String sessionId = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(store.find(sessionId)).isPresent();
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(McpClients.baseUrl() + "/mcp"))
        .header("Authorization", "Bearer " + key)
        .header("Accept", "text/event-stream")
        .header("Mcp-Session-Id", sessionId)
        .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(reader.readLine()).isEqualTo("id: 0"); // the primer: nothing happened yet
    WorkerStandIn.await(() -> streams.openStreams() > 0, Duration.ofSeconds(10), "the open stream");

    db.update("delete from mcp_sessions where id = ?", sessionId); // as DELETE on another replica does
    streams.sweep();
    CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
      try {
        while (reader.readLine() != null) {
          // the rest of the primer
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, Thread::startVirtualThread);
    ended.get(3, TimeUnit.SECONDS); // well before the periodic sweep (15 s) would have done it
  }

  @Test
  void theSharedBucketGrantsItsCapacityOnceAcrossConcurrentTakers() throws Exception {
    String key = tenants.newTenantWithKey(Names.unique("bucket"), "read");
    UUID keyId = (UUID) db.one("select id from api_keys where prefix = ?", ApiKeys.prefixOf(key));
    // Two "replicas", each with connections of its own, take 40 tokens of a bucket of 10 that
    // refills one per 100 s: exactly 10 are granted.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Double>> takes = IntStream.range(0, 40)
          .mapToObj(i -> pool.submit(() -> take(keyId, 10, 0.01))).toList();
      int granted = 0;
      for (Future<Double> f : takes) {
        if (f.get() == 0) {
          granted++;
        } else {
          assertThat(f.get()).isBetween(1.0, 100.0); // seconds until the next token
        }
      }
      assertThat(granted).isEqualTo(10);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theBucketRefillsWithTime() throws Exception {
    String key = tenants.newTenantWithKey(Names.unique("refill"), "read");
    UUID keyId = (UUID) db.one("select id from api_keys where prefix = ?", ApiKeys.prefixOf(key));
    assertThat(take(keyId, 1, 1)).isZero();
    assertThat(take(keyId, 1, 1)).isGreaterThan(0);
    db.update("update rate_limit_buckets set updated_at = updated_at - interval '2 seconds' where api_key_id = ?", keyId);
    assertThat(take(keyId, 1, 1)).isZero(); // refilled, but never above the capacity of 1
    assertThat(take(keyId, 1, 1)).isGreaterThan(0);
  }

  private double take(UUID keyId, double capacity, double perSecond) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement("select dp_rate_limit_take(?, ?, ?)")) {
      st.setObject(1, keyId);
      st.setDouble(2, capacity);
      st.setDouble(3, perSecond);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getDouble(1);
      }
    }
  }
}
