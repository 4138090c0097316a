package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.WorkerStandIn;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Services as MCP resources through the official Java SDK: listed per tenant and key
 * restriction, read as get_service's JSON, and resources/updated arriving for a subscribed
 * service when a deployment's status changes in the database (as the worker writes it).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ServiceResourceTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Inject DataSource dataSource;

  private final ObjectMapper json = new ObjectMapper();
  private Db db;
  private Tenants tenants;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    tenants = new Tenants(db);
  }

  private String service(String key, String stem) {
    String name = Names.unique(stem);
    Api.as(key).body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
        .then().statusCode(202);
    return name;
  }

  /**
   * A client whose HTTP threads see the test's class loader: the SDK resolves resource contents
   * by class name through the thread's context loader, which in a Quarkus test is otherwise the
   * application loader holding a second copy of the SDK's classes.
   */
  private static McpSyncClient connect(String key, List<McpSchema.ResourceContents> updates) {
    ClassLoader loader = ServiceResourceTest.class.getClassLoader();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mcp-test-client");
              t.setDaemon(true);
              t.setContextClassLoader(loader);
              return t;
            });
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(McpClients.baseUrl()).endpoint("/mcp")
            .customizeClient(b -> b.executor(executor))
            .httpRequestCustomizer((request, method, endpoint, body, context) -> request.header("Authorization", "Bearer " + key))
            .build();
    McpSyncClient client =
        McpClient.sync(transport)
            .clientInfo(McpSchema.Implementation.builder("resource-test", "1").build())
            .requestTimeout(Duration.ofSeconds(30))
            .resourcesUpdateConsumer(updates::addAll)
            .build();
    client.initialize();
    return client;
  }

  private static McpSyncClient connect(String key) {
    return connect(key, new CopyOnWriteArrayList<>());
  }

  private static List<String> uris(McpSyncClient client) {
    return client.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> read(McpSyncClient client, String name) throws Exception {
    McpSchema.ReadResourceResult result = client.readResource(new McpSchema.ReadResourceRequest("service://" + name));
    McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) result.contents().getFirst();
    assertThat(contents.mimeType()).isEqualTo("application/json");
    assertThat(contents.uri()).isEqualTo("service://" + name);
    return json.readValue(contents.text(), Map.class);
  }

  @Test
  void servicesAreListedAndReadPerTenantAndRestriction() throws Exception {
    String keyA = tenants.newTenantWithKey("res-a-" + System.nanoTime(), "admin");
    String keyB = tenants.newTenantWithKey("res-b-" + System.nanoTime(), "deploy");
    String a1 = service(keyA, "res-a1");
    String a2 = service(keyA, "res-a2");
    String b1 = service(keyB, "res-b1");
    String restricted =
        Api.as(keyA).body(Map.of("scopes", List.of("read"), "services", List.of(a1))).post("/v1/api-keys")
            .then().statusCode(201).extract().path("key");

    try (McpSyncClient a = connect(keyA);
        McpSyncClient b = connect(keyB);
        McpSyncClient onlyA1 = connect(restricted)) {
      WorkerStandIn.await(() -> uris(a).containsAll(List.of("service://" + a1, "service://" + a2)), WAIT, "a's resources");
      assertThat(uris(a)).doesNotContain("service://" + b1);
      assertThat(uris(b)).contains("service://" + b1).doesNotContain("service://" + a1, "service://" + a2);
      assertThat(uris(onlyA1)).contains("service://" + a1).doesNotContain("service://" + a2);
      assertThat(a.listResourceTemplates().resourceTemplates())
          .extracting(McpSchema.ResourceTemplate::uriTemplate).contains("service://{name}");

      // The same JSON as get_service's structured content.
      Map<String, Object> viaTool = structured(call(a, "get_service", Map.of("name", a1)));
      assertThat(read(a, a1)).isEqualTo(json.readValue(json.writeValueAsString(viaTool), Map.class));
      assertThat(read(onlyA1, a1)).containsEntry("name", a1);

      // Another tenant's service is not found; a service outside the key's restriction is refused.
      assertThatThrownBy(() -> read(b, a1)).isInstanceOf(McpError.class).hasMessageContaining("NOT_FOUND");
      assertThatThrownBy(() -> read(onlyA1, a2)).isInstanceOf(McpError.class).hasMessageContaining("KEY_RESTRICTED");
      assertThatThrownBy(() -> read(a, "no-such-service")).isInstanceOf(McpError.class)
          .hasMessageContaining("NOT_FOUND");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSubscriberHearsOfADeploymentStatusChangeAndReadsTheNewState() throws Exception {
    String key = tenants.newTenantWithKey("res-sub-" + System.nanoTime(), "deploy");
    String name = service(key, "res-sub");
    String quiet = service(key, "res-quiet");
    UUID deployment =
        UUID.fromString(Api.as(key).get("/v1/services/" + name).then().extract().path("latest_deployment.id"));
    List<McpSchema.ResourceContents> contents = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = connect(key, contents)) {
      assertThat(client.getServerCapabilities().resources().subscribe()).isTrue();
      WorkerStandIn.await(() -> uris(client).contains("service://" + name), WAIT, "the resource");
      client.subscribeResource(new McpSchema.SubscribeRequest("service://" + name));
      assertThat(read(client, name)).extractingByKey("latest_deployment")
          .extracting(d -> ((Map<String, Object>) d).get("status")).isEqualTo("queued");

      // The worker moves the deployment on in its own process: here, the same UPDATE over SQL.
      new WorkerStandIn(db).enterPhase(deployment, "building");
      WorkerStandIn.await(
          () -> contents.stream().anyMatch(c -> c.uri().equals("service://" + name)
              && ((McpSchema.TextResourceContents) c).text().contains("\"status\":\"building\"")),
          WAIT, "resources/updated for service://" + name);
      assertThat(read(client, name)).extractingByKey("latest_deployment")
          .extracting(d -> ((Map<String, Object>) d).get("status")).isEqualTo("building");
      assertThat(contents).extracting(McpSchema.ResourceContents::uri).doesNotContain("service://" + quiet);

      // An env change and the deletion notify too.
      int before = contents.size();
      Api.as(key).body(Map.of("value", "v")).put("/v1/services/" + name + "/env/SOME_KEY").then().statusCode(200);
      WorkerStandIn.await(() -> contents.size() > before, WAIT, "update after set_env");
      // Deleted: the resource leaves the list (the SDK's read after the update notification fails).
      Api.as(key).delete("/v1/services/" + name).then().statusCode(202);
      WorkerStandIn.await(() -> !uris(client).contains("service://" + name), WAIT, "the resource to go");
      assertThatThrownBy(() -> read(client, name)).isInstanceOf(McpError.class).hasMessageContaining("NOT_FOUND");
    }
  }

  /** Subscribing to another tenant's service is refused like reading it, and hears nothing. */
  @Test
  void anotherTenantsServiceCannotBeSubscribedTo() throws Exception {
    String keyA = tenants.newTenantWithKey("res-own-" + System.nanoTime(), "deploy");
    String keyB = tenants.newTenantWithKey("res-spy-" + System.nanoTime(), "deploy");
    String name = service(keyA, "res-own");
    UUID deployment =
        UUID.fromString(Api.as(keyA).get("/v1/services/" + name).then().extract().path("latest_deployment.id"));
    List<McpSchema.ResourceContents> spied = new CopyOnWriteArrayList<>();
    List<McpSchema.ResourceContents> owned = new CopyOnWriteArrayList<>();
    try (McpSyncClient owner = connect(keyA, owned); McpSyncClient spy = connect(keyB, spied)) {
      WorkerStandIn.await(() -> uris(owner).contains("service://" + name), WAIT, "the resource");
      assertThatThrownBy(() -> spy.subscribeResource(new McpSchema.SubscribeRequest("service://" + name)))
          .isInstanceOf(McpError.class).hasMessageContaining("not found");
      owner.subscribeResource(new McpSchema.SubscribeRequest("service://" + name));

      new WorkerStandIn(db).enterPhase(deployment, "cloning");
      WorkerStandIn.await(() -> !owned.isEmpty(), WAIT, "the owner's update");
      Thread.sleep(500); // the spy's notification, were there one, would have come with the owner's
      assertThat(spied).isEmpty();
    }
  }

  @Test
  void afterTheListeningConnectionIsLostSubscribersHearAgain() throws Exception {
    String key = tenants.newTenantWithKey("res-lost-" + System.nanoTime(), "deploy");
    String name = service(key, "res-lost");
    UUID deployment =
        UUID.fromString(Api.as(key).get("/v1/services/" + name).then().extract().path("latest_deployment.id"));
    List<McpSchema.ResourceContents> contents = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = connect(key, contents)) {
      WorkerStandIn.await(() -> uris(client).contains("service://" + name), WAIT, "the resource");
      client.subscribeResource(new McpSchema.SubscribeRequest("service://" + name));

      // The database drops the API's LISTEN connection (a restart, a failover, a network cut).
      String listeners = "select count(*) from pg_stat_activity where application_name = ?";
      assertThat(db.count(listeners, ServiceChangeListener.APPLICATION_NAME)).isEqualTo(1);
      db.one("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?",
          ServiceChangeListener.APPLICATION_NAME);
      // The worker's write lands while nobody listens; the reconnect tells every subscriber to read again.
      new WorkerStandIn(db).enterPhase(deployment, "cloning");
      WorkerStandIn.await(
          () -> contents.stream().anyMatch(c -> ((McpSchema.TextResourceContents) c).text().contains("\"status\":\"cloning\"")),
          WAIT, "an update after the reconnect");
      WorkerStandIn.await(() -> db.count(listeners, ServiceChangeListener.APPLICATION_NAME) == 1, WAIT, "one listener again");

      // And it keeps listening.
      new WorkerStandIn(db).enterPhase(deployment, "building");
      WorkerStandIn.await(
          () -> contents.stream().anyMatch(c -> ((McpSchema.TextResourceContents) c).text().contains("\"status\":\"building\"")),
          WAIT, "an update on the new connection");
    }
  }
}
