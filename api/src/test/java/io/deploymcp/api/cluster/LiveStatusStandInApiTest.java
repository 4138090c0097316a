package io.deploymcp.api.cluster;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static io.deploymcp.api.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.WorkerStandIn;
import io.deploymcp.api.support.KubeStandIn;
import io.deploymcp.api.support.KubeStandInResource;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.kube.apply.ClusterApplier;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.spec.ServiceKind;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live status (GET /v1/services/{name}, get_service) and runtime logs (type=runtime, get_logs)
 * against the Kubernetes stand-in: the test applies a service's objects with kube's
 * ClusterApplier under the names the API's service has, the kubelet stand-in runs them, and the
 * API, pointed at the stand-in by KUBECONFIG, reads them back.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@WithTestResource(KubeStandInResource.class)
class LiveStatusStandInApiTest {
  private static final String SECRET = "sk-live-0123456789abcdef";
  private static final Duration TTL = KubeStandInResource.STATUS_TTL;

  @Inject DataSource dataSource;

  private static KubeStandIn standIn;
  private static KubernetesClient client;

  @BeforeAll
  static void connect() throws Exception {
    standIn = KubeStandIn.shared();
    Config config = Config.fromKubeconfig(Files.readString(standIn.kubeconfig));
    client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  /** Creates the service through the API (secret env API_TOKEN) and applies its objects into the stand-in. */
  private static String runService(String stem, boolean crash) {
    String name = Names.unique(stem);
    String deploymentId = Api.admin()
        .body(Map.of("name", name, "repo", "https://github.com/org/" + name, "env", Map.of("API_TOKEN", SECRET)))
        .post("/v1/services").then().statusCode(202).extract().path("deployment_id");
    String image = image(name);
    if (crash) {
      standIn.crashLoop(image, List.of("starting", "connecting with token " + SECRET, "fatal: database unreachable"));
    }
    ServiceDeploymentSpec spec = new ServiceDeploymentSpec(
        new ProjectRef("default", "default"), name, ServiceKind.WEB, null, 8080, 250, 256, null,
        DeployEnvironment.PRODUCTION, image, deploymentId, null);
    new ClusterApplier(client, ClusterSettings.defaults("apps.test"))
        .apply(spec.project(), spec, Map.of("API_TOKEN", SECRET), () -> {});
    return name;
  }

  private static String image(String seed) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return "127.0.0.1:5000/dp-test/app@sha256:" + HexFormat.of().formatHex(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonPath get(String name) {
    return Api.admin().get("/v1/services/" + name).then().statusCode(200).extract().jsonPath();
  }

  private static long apiRequests() {
    return standIn.requests().stream().filter(r -> r.endsWith(" " + ClusterClient.USER_AGENT)).count();
  }

  /**
   * A redeploy waited on with a progress token: once the cluster's Deployment carries the new
   * deployment, the wait reports "rolling out" with the ready count (step 4 of 5), then the end;
   * the scale never goes back (a failed cluster read does not turn it into "deploying" again).
   */
  @Test
  void standInWaitReportsRollingOutWithTheReadyCount() throws Exception {
    String name = runService("live-wait", false);
    Db db = new Db(dataSource);
    WorkerStandIn worker = new WorkerStandIn(db);
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    // Its own thread, not ForkJoinPool.commonPool (one thread on two cores): the JDK HTTP client
    // completes requests there, so a blocked common pool stalls every cluster read in this JVM.
    ExecutorService ownThread = Executors.newSingleThreadExecutor();
    try (McpSyncClient mcp = McpClients.connect(TestStack.BOOTSTRAP_KEY, progress)) {
      CompletableFuture<Void> standInWorker = CompletableFuture.runAsync(() -> {
        Duration timeout = Duration.ofSeconds(20);
        WorkerStandIn.await(() -> progress.stream().anyMatch(p -> "queued".equals(p.message())), timeout, "queued");
        UUID id = (UUID) db.one(
            "select d.id from deployments d join services s on s.id = d.service_id where s.name = ?"
                + " and d.status = 'queued' order by d.created_at desc limit 1", name);
        worker.enterPhase(id, "deploying");
        ServiceDeploymentSpec spec = new ServiceDeploymentSpec(
            new ProjectRef("default", "default"), name, ServiceKind.WEB, null, 8080, 250, 256, null,
            DeployEnvironment.PRODUCTION, image(name), id.toString(), null);
        new ClusterApplier(client, ClusterSettings.defaults("apps.test"))
            .apply(spec.project(), spec, Map.of("API_TOKEN", SECRET), () -> {});

        WorkerStandIn.await(
            () -> progress.stream().anyMatch(p -> p.message().matches("rolling out: [01]/1 ready")), timeout,
            "rolling out");
        worker.rollOut(id, null, image(name));
      }, ownThread);
      var result = mcp.callTool(McpSchema.CallToolRequest.builder("redeploy")
          .arguments(Map.of("service", name, "wait_seconds", 40)).progressToken("roll-" + name).build());
      try {
        standInWorker.get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("progress was " + progress.stream().map(McpSchema.ProgressNotification::message).toList(), e);
      }

      assertThat(result.isError()).as(text(result)).isFalse();
      assertThat(progress).extracting(McpSchema.ProgressNotification::message)
          .contains("queued", "running")
          .anySatisfy(m -> assertThat(m).matches("rolling out: [01]/1 ready"));
      assertThat(progress).filteredOn(p -> p.message().startsWith("rolling out"))
          .allSatisfy(p -> assertThat(p.progress()).isEqualTo(4.0));
      assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(5.0));
      assertThat(progress).extracting(McpSchema.ProgressNotification::progress).isSorted();
    } finally {
      ownThread.shutdownNow();
    }
  }

  @Test
  void standInRunningServiceShowsReadyReplicasPodsAndRestarts() {
    String name = runService("live-ok", false);

    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
        .until(() -> get(name).getInt("environments.production.live.ready_replicas") == 1);
    JsonPath service = get(name);

    assertThat(service.getString("environments.production.live.state")).isEqualTo("ok");
    assertThat(service.getString("environments.production.live.reason")).isNull();
    assertThat(service.getBoolean("environments.production.live.deployed")).isTrue();
    assertThat(service.getInt("environments.production.live.desired_replicas")).isEqualTo(1);
    assertThat(service.getInt("environments.production.live.available_replicas")).isEqualTo(1);
    assertThat(service.getInt("environments.production.live.restarts")).isZero();
    assertThat(service.getString("environments.production.live.observed_at")).isNotNull();
    assertThat(service.getString("environments.production.live.pods[0].name")).startsWith(name + "-");
    assertThat(service.getString("environments.production.live.pods[0].phase")).isEqualTo("Running");
    assertThat(service.getBoolean("environments.production.live.pods[0].ready")).isTrue();
    assertThat(service.getInt("environments.production.live.pods[0].restart_count")).isZero();
    assertThat(service.getString("environments.production.live.pods[0].reason")).isNull();
    assertThat(service.getString("environments.preview.live.state")).isEqualTo("ok");
    assertThat(service.getBoolean("environments.preview.live.deployed")).isFalse();
    assertThat(service.getList("environments.preview.live.pods")).isEmpty();
    // Only the single service's GET reads the cluster.
    assertThat(Api.admin().get("/v1/services?limit=200").then().statusCode(200).extract().jsonPath()
        .getMap("items.find { it.name == '" + name + "' }.environments.production")).doesNotContainKey("live");

    McpSyncClient mcp = McpClients.connect(TestStack.BOOTSTRAP_KEY);
    try {
      var result = call(mcp, "get_service", Map.of("name", name));
      assertThat(structured(result)).extractingByKey("environments").asString().contains("ready_replicas=1");
      assertThat(text(result)).contains("[1/1 ready, 0 restarts]");
    } finally {
      mcp.closeGracefully();
    }
  }

  @Test
  void standInSecondReadWithinTheTtlDoesNotAskTheClusterAndOneAfterItDoes() throws Exception {
    String name = runService("live-cache", false);
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
        .until(() -> get(name).getInt("environments.production.live.ready_replicas") == 1);
    Thread.sleep(TTL.toMillis() + 200); // the last read above has expired
    standIn.clearRequests();

    String first = get(name).getString("environments.production.live.observed_at");
    long afterFirst = apiRequests();
    String second = get(name).getString("environments.production.live.observed_at");
    long afterSecond = apiRequests();
    Thread.sleep(TTL.toMillis() + 200);
    String third = get(name).getString("environments.production.live.observed_at");
    long afterThird = apiRequests();

    assertThat(afterFirst).as("one Deployment list and one Pod list for both environments").isEqualTo(2);
    assertThat(afterSecond).as("within the TTL: from the cache").isEqualTo(2);
    assertThat(second).isEqualTo(first);
    assertThat(afterThird).as("after the TTL: read again").isEqualTo(4);
    assertThat(third).isNotEqualTo(first);
  }

  @Test
  void standInCrashLoopShowsRestartsAndReasonAndRuntimeLogsAreMaskedOverRestAndMcp() {
    String name = runService("live-crash", true);

    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
      JsonPath s = get(name);
      return s.getInt("environments.production.live.restarts") >= 2
          && "CrashLoopBackOff".equals(s.getString("environments.production.live.pods[0].reason"));
    });
    JsonPath service = get(name);
    assertThat(service.getInt("environments.production.live.ready_replicas")).isZero();
    assertThat(service.getInt("environments.production.live.desired_replicas")).isEqualTo(1);
    assertThat(service.getString("environments.production.live.pods[0].phase")).isEqualTo("Running");
    assertThat(service.getBoolean("environments.production.live.pods[0].ready")).isFalse();
    assertThat(service.getInt("environments.production.live.pods[0].restart_count")).isGreaterThanOrEqualTo(2);
    assertThat(service.getString("environments.production.live.pods[0].last_termination_reason")).isEqualTo("Error");
    assertThat(service.getInt("environments.production.live.pods[0].last_exit_code")).isEqualTo(1);

    JsonPath logs = Api.admin().get("/v1/services/" + name + "/logs?type=runtime&previous=true&limit=10")
        .then().statusCode(200).extract().jsonPath();
    assertThat(logs.getString("type")).isEqualTo("runtime");
    assertThat(logs.getString("environment")).isEqualTo("production");
    assertThat(logs.getBoolean("previous")).isTrue();
    assertThat(logs.getString("workload")).isEqualTo(name);
    assertThat(logs.getList("items.line")).containsExactly(
        "fatal: database unreachable", "connecting with token ***", "starting");
    assertThat(logs.getString("items[0].pod")).startsWith(name + "-");
    assertThat(logs.getString("items[0].container")).isEqualTo("app");
    assertThat(logs.prettify()).doesNotContain(SECRET);

    JsonPath limited = Api.admin().get("/v1/services/" + name + "/logs?type=runtime&previous=true&limit=1")
        .then().statusCode(200).extract().jsonPath();
    assertThat(limited.getList("items.line")).containsExactly("fatal: database unreachable");
    assertThat(limited.getBoolean("truncated")).isTrue();

    // Filters on the pod log path: applied while reading, after masking (a search for the secret finds nothing).
    String runtime = "/v1/services/" + name + "/logs?type=runtime&previous=true";
    assertThat(Api.admin().get(runtime + "&contains=token").then().statusCode(200).extract().jsonPath()
        .getList("items.line")).containsExactly("connecting with token ***");
    assertThat(Api.admin().get(runtime + "&contains=" + SECRET).then().statusCode(200).extract().jsonPath()
        .getList("items")).isEmpty();
    assertThat(Api.admin().get(runtime + "&order=oldest").then().statusCode(200).extract().jsonPath()
        .getList("items.line")).containsExactly("starting", "connecting with token ***", "fatal: database unreachable");
    assertThat(Api.admin().get(runtime).then().statusCode(200).extract().jsonPath().getString("source"))
        .isEqualTo("kubernetes");
    Api.admin().get(runtime + "&until=5m").then().statusCode(400)
        .body("errors[0].field", org.hamcrest.Matchers.equalTo("until"));
    Api.admin().get(runtime + "&cursor=abc").then().statusCode(400)
        .body("errors[0].field", org.hamcrest.Matchers.equalTo("cursor"));

    // The current instance is waiting in CrashLoopBackOff: no lines, a note saying so.
    JsonPath current = Api.admin().get("/v1/services/" + name + "/logs?type=runtime")
        .then().statusCode(200).extract().jsonPath();
    assertThat(current.getBoolean("previous")).isFalse();

    JsonPath preview = Api.admin().get("/v1/services/" + name + "/logs?type=runtime&environment=preview")
        .then().statusCode(200).extract().jsonPath();
    assertThat(preview.getString("workload")).isEqualTo("preview-" + name);
    assertThat(preview.getList("items")).isEmpty();

    McpSyncClient mcp = McpClients.connect(TestStack.BOOTSTRAP_KEY);
    try {
      var result = call(mcp, "get_logs", Map.of("service", name, "type", "runtime", "previous", true, "limit", 10));
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(structured(result).get("items").toString())
          .contains("connecting with token ***").doesNotContain(SECRET);
      assertThat(text(result)).contains("3 previous-instance runtime log line(s) of production")
          .contains("fatal: database unreachable").doesNotContain(SECRET);
      var status = call(mcp, "get_service", Map.of("name", name));
      assertThat(text(status)).contains("CrashLoopBackOff").contains("last exit: Error");
    } finally {
      mcp.closeGracefully();
    }
  }
}
