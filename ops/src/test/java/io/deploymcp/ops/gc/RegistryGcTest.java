package io.deploymcp.ops.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.ops.gc.support.ImagePusher;
import io.deploymcp.ops.gc.support.ImagePusher.Pushed;
import io.deploymcp.ops.gc.support.LoopbackRegistry;
import io.deploymcp.ops.gc.support.PlatformStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/registry-gc's command against a real registry of its own (docker-registry on loopback,
 * images pushed through its API) and {@link PlatformStandIn}, a protocol-faithful stand-in of the
 * platform's GC endpoints (the real API: the api module's RegistryGcIT). Blob GC is the real
 * {@code docker-registry garbage-collect} on the same storage directory.
 */
class RegistryGcTest {
  private static final String TOKEN = "op-token-" + "7f3a9c1e5d0b2a4f6e8d1c3b5a7f9e2d";
  private static final String WEB = "dp-acme-shop/web";
  private static final String WORKER = "dp-acme-shop/worker";
  private static final String WEB_CACHE = "cache/dp-acme-shop/web";
  private static final int LAYER = 64 * 1024;

  @TempDir Path handoff;
  private LoopbackRegistry registry;
  private ImagePusher push;
  private PlatformStandIn platform;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<Duration> pauses = new ArrayList<>();

  @BeforeEach
  void start() {
    registry = LoopbackRegistry.start();
    push = new ImagePusher(registry.host());
    platform = PlatformStandIn.start(TOKEN);
  }

  @AfterEach
  void stop() {
    try {
      // Whatever happened, the token never reached the output.
      assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).doesNotContain(TOKEN);
    } finally {
      platform.close();
      registry.close();
    }
  }

  @Test
  void keepsLiveAndLastImagesDeletesTheRestAndReclaimsTheirBlobs() {
    List<Pushed> web = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      web.add(push.image(WEB, "c" + i, LAYER));
    }
    Pushed movedAway = push.image(WEB, "preview", LAYER); // the tag moves on: this one is left untagged
    Pushed preview = push.image(WEB, "preview", LAYER);
    List<Pushed> worker = List.of(push.image(WORKER, "w1", LAYER), push.image(WORKER, "w2", LAYER), push.image(WORKER, "w3", LAYER));
    Pushed staleCache = push.image(WEB_CACHE, "latest", LAYER);
    Pushed cache = push.image(WEB_CACHE, "latest", LAYER);
    Pushed unvouched = push.image("dp-zeta-x/api", "v1", LAYER);
    Pushed platformImage = push.image("deploy-mcp/api", "0.1.0", LAYER);
    platform.repository(WEB)
        .keep(web.get(4).digest(), "live_production", "recent").keep(web.get(3).digest(), "recent")
        .keep(web.get(1).digest(), "rollback_target").keep(preview.digest(), "live_preview")
        .known(web.get(0).digest(), web.get(2).digest());
    platform.repository(WORKER).keep(worker.get(2).digest(), "live_production", "recent").keep(worker.get(1).digest(), "recent")
        .known(worker.get(0).digest());
    long before = BlobStoreSize.of(registry.storageRoot());

    int exit = gc(env(), "--blob-gc", String.join(" ", registry.garbageCollect()));

    assertThat(exit).as(output()).isZero();
    assertPresent(web.get(1), web.get(3), web.get(4), preview, worker.get(1), worker.get(2), cache, unvouched, platformImage);
    assertDeleted(web.get(0), web.get(2), movedAway, worker.get(0), staleCache);
    for (Pushed gone : List.of(web.get(0), web.get(2), movedAway, worker.get(0), staleCache)) {
      assertThat(registry.hasBlobData(gone.layer())).as("layer of %s", gone.digest()).isFalse();
    }
    for (Pushed kept : List.of(web.get(1), preview, worker.get(2), cache, unvouched, platformImage)) {
      assertThat(registry.hasBlobData(kept.layer())).as("layer of %s", kept.digest()).isTrue();
    }
    long after = BlobStoreSize.of(registry.storageRoot());
    assertThat(before - after).as("bytes reclaimed").isGreaterThanOrEqualTo(5L * LAYER);
    assertThat(platform.collected()).containsExactlyInAnyOrder(
        WEB + "@" + web.get(0).digest(), WEB + "@" + web.get(2).digest(), WEB + "@" + movedAway.digest(),
        WORKER + "@" + worker.get(0).digest(), WEB_CACHE + "@" + staleCache.digest());
    assertThat(platform.requests()).containsExactly("POST /v1/operator/registry-gc/runs",
        "POST /v1/operator/registry-gc/runs/" + platform.endedRuns().getFirst() + "/claims",
        "POST /v1/operator/registry-gc/runs/" + platform.endedRuns().getFirst() + "/sweep",
        "DELETE /v1/operator/registry-gc/runs/" + platform.endedRuns().getFirst());
    assertThat(output()).contains("dp-zeta-x/api: left alone, the platform does not list it", "reclaimed");
    assertThat(output()).doesNotContain("deploy-mcp/api");
    System.out.println("RegistryGcTest: " + (before - after) + " bytes reclaimed of " + before);
  }

  @Test
  void aDryRunListsWhatWouldGoAndDeletesNothing() {
    Pushed old = push.image(WEB, "c1", LAYER);
    Pushed live = push.image(WEB, "c2", LAYER);
    platform.repository(WEB).keep(live.digest(), "live_production").known(old.digest());

    int exit = gc(env(), "--dry-run");

    assertThat(exit).as(output()).isZero();
    assertPresent(old, live);
    assertThat(output()).contains("would delete " + old.digest() + " (c1) no deployment needs it any more",
        "keep   " + live.digest() + " (c2) live_production", "nothing was deleted");
    assertThat(platform.requests()).containsExactly("POST /v1/operator/registry-gc/runs");
  }

  @Test
  void anUnreachablePlatformMeansNothingIsDeleted() throws Exception {
    List<Pushed> images = List.of(push.image(WEB, "c1", LAYER), push.image(WEB, "c2", LAYER), push.image(WEB_CACHE, "latest", LAYER));
    Map<String, String> env = env();
    env.put("DP_API_URL", "http://127.0.0.1:" + closedPort());

    int exit = gc(env, "--blob-gc", String.join(" ", registry.garbageCollect()));

    assertThat(exit).isEqualTo(1);
    assertThat(err()).contains("failed at open run: cannot reach the platform", "Nothing was deleted.");
    assertPresent(images.toArray(Pushed[]::new));
  }

  @Test
  void anUnexpectedClaimAnswerMeansNothingIsDeletedAndTheRunEnds() {
    Pushed old = push.image(WEB, "c1", LAYER);
    Pushed stale = push.image(WEB_CACHE, "latest", LAYER);
    push.image(WEB_CACHE, "latest", LAYER);
    platform.repository(WEB).known(old.digest());
    // Granted, but a digest nobody claimed: the answer is not about this claim.
    platform.answerNext("claims", 200, "{\"granted\":[{\"repository\":\"" + WEB + "\",\"digest\":\"sha256:" + "e".repeat(64)
        + "\"}],\"refused\":[]}");

    int exit = gc(env());

    assertThat(exit).isEqualTo(1);
    assertThat(err()).contains("failed at claims: unexpected answer", "which was not claimed", "Nothing was deleted.");
    assertPresent(old, stale);
    assertThat(platform.requests()).last().asString().startsWith("DELETE /v1/operator/registry-gc/runs/");
    assertThat(platform.runOpen()).isFalse();
  }

  @Test
  void anUnexpectedRunAnswerOrARefusalMeansNothingIsDeleted() {
    Pushed old = push.image(WEB, "c1", LAYER);
    platform.repository(WEB).known(old.digest());

    platform.answerNext("open run", 201, "{\"run_id\":\"" + java.util.UUID.randomUUID() + "\",\"expires_at\":\"2030-01-01T00:00:00Z\","
        + "\"keep_last\":2,\"repositories\":[{\"repository\":\"" + WEB + "\",\"service_exists\":true,\"busy\":false,"
        + "\"keep\":[{\"digest\":\"latest\",\"reasons\":[\"recent\"]}],\"known\":[]}]}");
    assertThat(gc(env())).isEqualTo(1);
    assertThat(err()).contains("failed at open run: unexpected answer", "'latest' is not a sha256 digest", "Nothing was deleted.");

    platform.answerNext("open run", 503, "{\"code\":\"OPERATOR_NOT_CONFIGURED\",\"detail\":\"DP_OPERATOR_TOKEN is not set on the API\"}");
    assertThat(gc(env())).isEqualTo(1);
    assertThat(err()).contains("failed at open run: the platform answered 503 OPERATOR_NOT_CONFIGURED: DP_OPERATOR_TOKEN is not set on the API");

    Map<String, String> wrongToken = env();
    wrongToken.put("DP_OPERATOR_TOKEN", "another-token-of-enough-length-0123456789");
    assertThat(gc(wrongToken)).isEqualTo(1);
    assertThat(err()).contains("the platform answered 401 UNAUTHENTICATED", "DP_OPERATOR_TOKEN is not the token the API was given");
    assertPresent(old);
    assertThat(platform.collected()).isEmpty();
  }

  @Test
  void anotherOpenRunMeansNothingIsDeleted() {
    Pushed old = push.image(WEB, "c1", LAYER);
    platform.repository(WEB).known(old.digest());
    platform.answerNext("open run", 409, "{\"code\":\"REGISTRY_GC_RUNNING\",\"detail\":\"another run is open until 04:30\"}");

    assertThat(gc(env())).isEqualTo(1);

    assertThat(err()).contains("open run: the platform answered 409 REGISTRY_GC_RUNNING: another run is open until 04:30");
    assertPresent(old);
  }

  @Test
  void aDeployThatStartsDuringTheRunKeepsItsImage() {
    Pushed rolledBackTo = push.image(WEB, "c1", LAYER);
    Pushed old = push.image(WEB, "c2", LAYER);
    Pushed live = push.image(WEB, "c3", LAYER);
    platform.repository(WEB).keep(live.digest(), "live_production").known(rolledBackTo.digest(), old.digest());

    // Between the run opening and the claims, someone rolls back to c1.
    int exit = gc(env(), (run, plan) -> {
      assertThat(plan.claims()).extracting(c -> c.image().digest()).contains(rolledBackTo.digest());
      platform.neededSinceOpen(WEB, rolledBackTo.digest(), "not_terminal");
    }, "--blob-gc", String.join(" ", registry.garbageCollect()));

    assertThat(exit).as(output()).isZero();
    assertPresent(rolledBackTo, live);
    assertDeleted(old);
    assertThat(registry.hasBlobData(rolledBackTo.layer())).isTrue();
    assertThat(output()).contains("kept " + WEB + "@" + rolledBackTo.digest() + ": the platform refused it (not_terminal)");
  }

  @Test
  void aBuildThatStartsDuringTheRunKeepsItsServicesCache() {
    Pushed superseded = push.image(WEB_CACHE, "latest", LAYER);
    Pushed latest = push.image(WEB_CACHE, "latest", LAYER);
    Pushed old = push.image(WEB, "c1", LAYER);
    PlatformStandIn.Repository web = platform.repository(WEB).known(old.digest());

    // A deploy starts building after the run opened: the platform now calls the repository busy.
    int exit = gc(env(), (run, plan) -> web.busy(), "--blob-gc", String.join(" ", registry.garbageCollect()));

    assertThat(exit).as(output()).isZero();
    assertPresent(superseded, latest);
    assertDeleted(old);
    assertThat(output()).contains("kept " + WEB_CACHE + "@" + superseded.digest() + ": the platform refused it (busy)");
  }

  @Test
  void aLeaseThatRunsOutBeforeTheSweepEndsIsAFailure() {
    Pushed old = push.image(WEB, "c1", LAYER);
    platform.repository(WEB).known(old.digest());
    platform.leaseFor(Duration.ofMillis(300));

    int exit = gc(env(), "--blob-gc", "sleep 1");

    assertThat(exit).isEqualTo(1);
    assertDeleted(old);
    assertThat(err()).contains("lease expired at", "pushes may have resumed during the blob sweep");
  }

  @Test
  void manyCandidatesAreClaimedInBatchesAllBeforeTheFirstDelete() throws Exception {
    List<Pushed> old = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      old.add(push.image(WEB, "c" + i, 1024));
    }
    platform.repository(WEB).known(old.stream().map(Pushed::digest).toArray(String[]::new));
    // The third batch gets an answer outside the contract: the first two were granted, yet nothing goes.
    platform.answerNextAfter("claims", 2, 500, "{\"code\":\"INTERNAL\"}");

    assertThat(gcWithBatches(2)).isEqualTo(1);
    assertThat(err()).contains("failed at claims", "Nothing was deleted.");
    assertPresent(old.toArray(Pushed[]::new));

    assertThat(gcWithBatches(2)).as(output()).isZero();
    assertDeleted(old.toArray(Pushed[]::new));
    assertThat(platform.requests()).filteredOn(r -> r.endsWith("/claims")).hasSize(3 + 3);
  }

  private int gcWithBatches(int batch) throws Exception {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        io.deploymcp.registry.RegistryClient client = new io.deploymcp.registry.RegistryClient(
            io.deploymcp.registry.RegistryEndpoint.of(registry.host()), java.util.Optional.empty())) {
      PlatformClient platformClient = new PlatformClient(platform.url(), new OperatorToken(TOKEN), http, Duration.ofSeconds(5));
      RegistryGc gc = new RegistryGc(platformClient, client, java.util.Optional.of(registry.storageRoot()), new BlobSweep.None(),
          new SweepRetry(1, Duration.ZERO, Duration.ZERO, pauses::add), RunListener.NONE, o, e, java.time.Clock.systemUTC(), batch);
      return gc.collect(2, false);
    }
  }

  @Test
  void whileABuildIsInFlightUnknownImagesStay() {
    Pushed known = push.image(WEB, "c1", LAYER);
    Pushed live = push.image(WEB, "c2", LAYER);
    Pushed pushedJustNow = push.image(WEB, "c3", LAYER);
    platform.repository(WEB).busy().keep(live.digest(), "live_production").known(known.digest());

    assertThat(gc(env())).as(output()).isZero();

    assertDeleted(known);
    assertPresent(live, pushedJustNow);
    assertThat(output()).contains(pushedJustNow.digest() + " (c3) " + GcPlan.BUILD_IN_FLIGHT);
  }

  @Test
  void buildsThatKeepPushingSkipTheBlobSweepButNotTheDeletes() {
    Pushed old = push.image(WEB, "c1", LAYER);
    Pushed live = push.image(WEB, "c2", LAYER);
    platform.repository(WEB).keep(live.digest(), "live_production").known(old.digest());
    platform.buildsInFlightFor(10);

    int exit = gc(env(), RunListener.NONE, "--blob-gc", String.join(" ", registry.garbageCollect()));

    assertThat(exit).as(output()).isZero();
    assertDeleted(old);
    assertThat(registry.hasBlobData(old.layer())).as("no garbage-collect ran").isTrue();
    assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(platform.requests()).filteredOn(r -> r.endsWith("/sweep")).hasSize(3);
    assertThat(platform.runOpen()).isFalse();
    assertThat(output()).contains("tonight's blob sweep is skipped");
  }

  @Test
  void theCronJobStepsHandTheSweepOverAndTheLastOneEndsTheRun() throws Exception {
    Pushed old = push.image(WEB, "c1", LAYER);
    Pushed live = push.image(WEB, "c2", LAYER);
    platform.repository(WEB).keep(live.digest(), "live_production").known(old.digest());

    // Step 1: collect, up to the granted sweep.
    assertThat(gc(env(), "--handoff", handoff.toString())).as(output()).isZero();
    assertDeleted(old);
    assertThat(handoff.resolve("sweep")).exists();
    assertThat(platform.sweeping()).as("pushes held until the last step").isTrue();

    // Step 2, as the CronJob's registry container: garbage-collect, exit status to gc-exit.
    Process gcProcess = new ProcessBuilder(registry.garbageCollect()).redirectErrorStream(true).start();
    gcProcess.getInputStream().readAllBytes();
    Files.writeString(handoff.resolve("gc-exit"), gcProcess.waitFor() + "\n");

    // Step 3: finish.
    assertThat(gc(env(), "--finish", handoff.toString())).as(output()).isZero();
    assertThat(platform.runOpen()).isFalse();
    assertThat(registry.hasBlobData(old.layer())).isFalse();
    assertThat(output()).contains("reclaimed", "ended; pushes resume");
  }

  @Test
  void theLastStepReportsAFailedGarbageCollectAndStillEndsTheRun() throws Exception {
    Pushed old = push.image(WEB, "c1", LAYER);
    platform.repository(WEB).known(old.digest());
    assertThat(gc(env(), "--handoff", handoff.toString())).as(output()).isZero();
    Files.writeString(handoff.resolve("gc-exit"), "1\n");

    assertThat(gc(env(), "--finish", handoff.toString())).isEqualTo(1);

    assertThat(err()).contains("registry garbage-collect failed (exit 1");
    assertThat(platform.runOpen()).isFalse();
  }

  @Test
  void theLastStepHasNothingToDoWhenNoSweepWasStarted() {
    assertThat(gc(env(), "--finish", handoff.toString())).isZero();

    assertThat(output()).contains("nothing to finish");
    assertThat(platform.requests()).isEmpty();
  }

  @Test
  void whatThePlatformEchoesNeverShowsTheToken() {
    platform.answerNext("open run", 500, "{\"code\":\"INTERNAL\",\"detail\":\"got Authorization: Bearer " + TOKEN + "\"}");

    assertThat(gc(env())).isEqualTo(1);

    assertThat(err()).contains("500 INTERNAL", "Bearer ***");
  }

  @Test
  void badArgumentsAndSettingsStopBeforeAnythingIsContacted() {
    Map<String, Map<String, String>> cases = new HashMap<>();
    Map<String, String> noUrl = env();
    noUrl.remove("DP_API_URL");
    cases.put("DP_API_URL is not set", noUrl);
    Map<String, String> shortToken = env();
    shortToken.put("DP_OPERATOR_TOKEN", "short-secret-token");
    cases.put("DP_OPERATOR_TOKEN is shorter than 32 characters", shortToken);
    Map<String, String> badUrl = env();
    badUrl.put("DP_API_URL", "ftp://api.example");
    cases.put("DP_API_URL must be http(s)://", badUrl);
    Map<String, String> badKeep = env();
    badKeep.put("DP_REGISTRY_GC_KEEP_LAST", "0");
    cases.put("keep-last must be a whole number from 1 to 100 (got '0')", badKeep);
    Map<String, String> badRoot = env();
    badRoot.put("REGISTRY_STORAGE_ROOT", "/nonexistent/registry");
    cases.put("REGISTRY_STORAGE_ROOT=/nonexistent/registry is not a directory", badRoot);
    cases.forEach((message, env) -> {
      assertThat(gc(env)).as(message).isEqualTo(2);
      assertThat(err()).as(message).contains(message);
    });
    assertThat(gc(env(), "--blob-gc", "registry garbage-collect --delete-untagged /etc/config.yml")).isEqualTo(2);
    assertThat(err()).contains("must not delete untagged manifests");
    assertThat(gc(env(), "--dry-run", "--handoff", handoff.toString())).isEqualTo(2);
    assertThat(gc(env(), "--keep-last")).isEqualTo(2);
    assertThat(gc(env(), "--surprise")).isEqualTo(2);
    assertThat(err()).contains("unknown argument: --surprise");
    assertThat(err()).doesNotContain("short-secret-token");
    assertThat(platform.requests()).isEmpty();
  }

  @Test
  void aStorageRootThatIsNotTheRegistrysIsRefused(@TempDir Path elsewhere) throws Exception {
    Files.writeString(elsewhere.resolve("notes.txt"), "not a registry");
    Pushed old = push.image(WEB, "c1", LAYER);
    platform.repository(WEB).known(old.digest());
    Map<String, String> env = env();
    env.put("REGISTRY_STORAGE_ROOT", elsewhere.toString());

    assertThat(gc(env)).isEqualTo(1);

    assertThat(err()).contains("is not the registry's storage directory", "Nothing was deleted.");
    assertPresent(old);
    assertThat(platform.requests()).isEmpty();
  }

  private int gc(Map<String, String> env, String... args) {
    return gc(env, RunListener.NONE, args);
  }

  private int gc(Map<String, String> env, RunListener listener, String... args) {
    SweepRetry retry = new SweepRetry(3, Duration.ofSeconds(1), Duration.ofSeconds(60), pauses::add);
    return RegistryGcCommand.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), retry, listener);
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("DP_API_URL", platform.url().toString());
    env.put("DP_OPERATOR_TOKEN", TOKEN);
    env.put("REGISTRY_HOST", registry.host());
    env.put("REGISTRY_STORAGE_ROOT", registry.storageRoot().toString());
    return env;
  }

  private void assertPresent(Pushed... images) {
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
    return out.toString(StandardCharsets.UTF_8) + "\n--- stderr\n" + err();
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
