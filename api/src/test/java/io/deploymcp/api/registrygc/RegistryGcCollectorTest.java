package io.deploymcp.api.registrygc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.WorkerStandIn;
import io.deploymcp.ops.gc.BlobStoreSize;
import io.deploymcp.ops.gc.RegistryGcCommand;
import io.deploymcp.ops.gc.RunListener;
import io.deploymcp.ops.gc.SweepRetry;
import io.deploymcp.ops.gc.support.ImagePusher;
import io.deploymcp.ops.gc.support.ImagePusher.Pushed;
import io.deploymcp.ops.gc.support.LoopbackRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 §2's test of the registry garbage collector, end to end: ops's collector
 * ({@link RegistryGcCommand}, what bin/registry-gc and the CronJob run) against this API over real
 * HTTP with its real PostgreSQL, and against a registry of the test's own (Debian's docker-registry
 * on a free loopback port, images pushed through its API, the real {@code garbage-collect} for the
 * blobs). Services and deploys are made through the REST API; what a real build and rollout would
 * write (the image digest, the deployment running and live) is written by {@link WorkerStandIn}'s
 * SQL, as no worker or BuildKit runs here. The shared registry on 127.0.0.1:5000 is never touched.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class RegistryGcCollectorTest {
  private static final int LAYER = 32 * 1024;

  @Inject DataSource dataSource;

  private Db db;
  private WorkerStandIn worker;
  private LoopbackRegistry registry;
  private ImagePusher push;
  private String tenant;
  private String key;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    worker = new WorkerStandIn(db);
    // Other test classes share this database: their runs are over, and their pushes "in flight"
    // are rows they left behind, not builds (no worker runs in the API tests).
    db.update("update registry_gc_runs set ended_at = now() where ended_at is null");
    db.update("delete from registry_gc_pushes");
    registry = LoopbackRegistry.start();
    push = new ImagePusher(registry.host());
    tenant = Names.unique("gcc").replace("-", "");
    key = new Tenants(db).newTenantWithKey(tenant, "admin");
  }

  @AfterEach
  void tearDown() {
    try {
      assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
          .doesNotContain(TestStack.OPERATOR_TOKEN);
    } finally {
      registry.close();
      db.update("update registry_gc_runs set ended_at = now() where ended_at is null");
    }
  }

  /** A service whose production deploys rolled out images 1..n in turn (the last one is live). */
  private record Service(String name, String repository, List<UUID> deployments, List<Pushed> images) {}

  private Service service(String stem, int productionImages) {
    String name = stem + tenant;
    String repository = "dp-" + tenant + "-default/" + name;
    List<UUID> deployments = new ArrayList<>();
    List<Pushed> images = new ArrayList<>();
    for (int n = 1; n <= productionImages; n++) {
      UUID deployment = n == 1 ? create(name) : deploy(name, "production");
      images.add(rollOut(deployment, repository, "c" + n));
      deployments.add(deployment);
    }
    return new Service(name, repository, deployments, images);
  }

  /** The build's push (tagged like the worker's commit-config tags) and the rollout's rows. */
  private Pushed rollOut(UUID deployment, String repository, String tag) {
    Pushed image = push.image(repository, tag, LAYER);
    worker.rollOut(deployment, sha(tag), registry.host() + "/" + repository + "@" + image.digest());
    return image;
  }

  @Test
  void liveAndLastImagesAreKeptTheRestGoesAndTheirDiskIsReclaimed() {
    Service web = service("web", 4);      // c4 live, c3 the rollback target: both also the 2 newest
    Service api = service("api", 3);      // a preview deploy after it: preview live and newest
    UUID preview = deploy(api.name(), "preview");
    Pushed apiPreview = rollOut(preview, api.repository(), "p1");
    Service gone = service("old", 2);
    Api.as(key).delete("/v1/services/" + gone.name()).then().statusCode(202);
    Pushed orphan = push.image(web.repository(), "never-deployed", LAYER);
    String webCache = "cache/" + web.repository();
    Pushed staleCache = push.image(webCache, "latest", LAYER);
    Pushed cache = push.image(webCache, "latest", LAYER);
    Pushed goneCache = push.image("cache/" + gone.repository(), "latest", LAYER);
    Pushed unvouched = push.image("dp-nobody-default/x", "v1", LAYER);
    Pushed platformImage = push.image("deploy-mcp/api", "0.1.0", LAYER);
    long before = BlobStoreSize.of(registry.storageRoot());

    int exit = collect(RunListener.NONE, "--blob-gc", String.join(" ", registry.garbageCollect()));

    assertThat(exit).as(output()).isZero();
    assertKept(web.images().get(2), web.images().get(3), api.images().get(1), api.images().get(2), apiPreview,
        cache, unvouched, platformImage);
    List<Pushed> deleted = List.of(web.images().get(0), web.images().get(1), orphan, api.images().get(0),
        gone.images().get(0), gone.images().get(1), staleCache, goneCache);
    assertDeleted(deleted.toArray(Pushed[]::new));
    for (Pushed image : deleted) {
      assertThat(registry.hasBlobData(image.layer())).as("layer of %s", image.digest()).isFalse();
    }
    long after = BlobStoreSize.of(registry.storageRoot());
    assertThat(before - after).as("bytes reclaimed").isGreaterThanOrEqualTo((long) deleted.size() * LAYER);
    System.out.println("RegistryGcCollectorTest: " + (before - after) + " of " + before + " bytes reclaimed");

    // The platform recorded what it granted, and refuses to roll back onto a deleted image.
    assertThat(db.column("select repository || '@' || digest from registry_gc_collected where repository like ?",
        "%" + tenant + "%")).containsExactlyInAnyOrderElementsOf(deleted.stream().map(p -> p.repository() + "@" + p.digest()).toList());
    Api.as(key).body(Map.of("deployment_id", web.deployments().get(0).toString()))
        .post("/v1/services/" + web.name() + "/rollback").then().statusCode(409).body("code", equalTo("IMAGE_COLLECTED"));
    assertThat(db.count("select count(*) from registry_gc_runs where ended_at is null")).as("the run ended").isZero();
    assertThat(output()).contains("dp-nobody-default/x: left alone, the platform does not list it", "reclaimed");
  }

  @Test
  void aDeployThatStartsDuringTheRunKeepsItsImage() {
    Service web = service("web", 4);
    UUID[] rollback = new UUID[1];

    // Between the run opening and the claims, production rolls back to deploy 2: its image was a
    // candidate when the run opened.
    int exit = collect((run, plan) -> {
      assertThat(plan.claims()).extracting(c -> c.image().digest()).contains(web.images().get(1).digest());
      rollback[0] = UUID.fromString(Api.as(key).body(Map.of("deployment_id", web.deployments().get(1).toString()))
          .post("/v1/services/" + web.name() + "/rollback").then().statusCode(202).extract().jsonPath().getString("id"));
    }, "--blob-gc", String.join(" ", registry.garbageCollect()));

    assertThat(exit).as(output()).isZero();
    assertKept(web.images().get(1), web.images().get(2), web.images().get(3));
    assertDeleted(web.images().get(0));
    assertThat(registry.hasBlobData(web.images().get(1).layer())).isTrue();
    assertThat(output()).contains(
        "kept " + web.repository() + "@" + web.images().get(1).digest() + ": the platform refused it (not_terminal)");
    // The rollback's deployment runs that very image, which is still there to pull.
    String imageRef = (String) db.one("select image_ref from deployments where id = ?", rollback[0]);
    assertThat(imageRef).endsWith("@" + web.images().get(1).digest());
    assertThat(push.exists(web.repository(), web.images().get(1).digest())).isTrue();
  }

  @Test
  void anUnreachableOrRefusingPlatformMeansNothingIsDeleted() throws Exception {
    Service web = service("web", 4);
    Pushed orphan = push.image(web.repository(), "never-deployed", LAYER);
    List<Pushed> all = new ArrayList<>(web.images());
    all.add(orphan);

    Map<String, String> unreachable = env();
    unreachable.put("DP_API_URL", "http://127.0.0.1:" + closedPort());
    assertThat(collect(unreachable, RunListener.NONE)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("failed at open run: cannot reach the platform", "Nothing was deleted.");

    Map<String, String> wrongToken = env();
    wrongToken.put("DP_OPERATOR_TOKEN", "not-the-operator-token-but-long-enough-0123");
    assertThat(collect(wrongToken, RunListener.NONE)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("open run: the platform answered 401 UNAUTHENTICATED");

    // Another run is open (a second collector): this one stops before reading anything.
    String other = Api.operator().body(Map.of("keep_last", 2)).post("/v1/operator/registry-gc/runs")
        .then().statusCode(201).extract().jsonPath().getString("run_id");
    assertThat(collect(env(), RunListener.NONE)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("open run: the platform answered 409 REGISTRY_GC_RUNNING");
    Api.operator().delete("/v1/operator/registry-gc/runs/" + other).then().statusCode(204);

    assertKept(all.toArray(Pushed[]::new));
    assertThat(db.count("select count(*) from registry_gc_collected where repository = ?", web.repository())).isZero();
  }

  private int collect(RunListener listener, String... args) {
    return collect(env(), listener, args);
  }

  private int collect(Map<String, String> env, RunListener listener, String... args) {
    SweepRetry retry = new SweepRetry(3, Duration.ofMillis(200), Duration.ofSeconds(1), SweepRetry.Sleeper.THREAD);
    return RegistryGcCommand.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), retry, listener);
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("DP_API_URL", "http://127.0.0.1:" + RestAssured.port);
    env.put("DP_OPERATOR_TOKEN", TestStack.OPERATOR_TOKEN);
    env.put("REGISTRY_HOST", registry.host());
    env.put("REGISTRY_STORAGE_ROOT", registry.storageRoot().toString());
    return env;
  }

  private UUID create(String name) {
    return UUID.fromString(Api.as(key).body(Map.of("name", name, "repo", "https://github.com/org/" + name))
        .post("/v1/services").then().statusCode(202).extract().jsonPath().getString("deployment_id"));
  }

  private UUID deploy(String name, String environment) {
    return UUID.fromString(Api.as(key).body(Map.of("environment", environment))
        .post("/v1/services/" + name + "/deploys").then().statusCode(202).extract().jsonPath().getString("id"));
  }

  private void assertKept(Pushed... images) {
    for (Pushed image : images) {
      assertThat(push.exists(image.repository(), image.digest())).as("%s@%s kept\n%s", image.repository(), image.digest(), output()).isTrue();
    }
  }

  private void assertDeleted(Pushed... images) {
    for (Pushed image : images) {
      assertThat(push.exists(image.repository(), image.digest())).as("%s@%s deleted\n%s", image.repository(), image.digest(), output()).isFalse();
    }
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8) + "\n--- stderr\n" + err.toString(StandardCharsets.UTF_8);
  }

  private static String sha(String tag) {
    return String.format("%040x", new java.math.BigInteger(1, tag.getBytes(StandardCharsets.UTF_8)));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
