package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploymcp.kubestandin.StandInCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Issue 5's end-to-end path on the local stack, as a user runs it: the launcher with the
 * engine's BuildKit and the loopback registry set by hand, and the cluster found as a k3s on
 * this machine (issue 11 §6): DP_K3S_KUBECONFIG names a k3s.yaml whose server is the Kubernetes
 * stand-in on 127.0.0.1 (fabric8's mock API server with server-side apply, and a kubelet
 * stand-in, running in this test's JVM: see kube-standin/), as no k3s runs here. Create → running with its URL; break it (the stand-in's
 * kubelet crash-loops containers whose environment says so) → failed with CRASH_LOOP and the
 * crashed container's last lines while the first version stays live; rollback → running the
 * first image again without a build; delete → no objects left.
 */
class LocalStackClusterIT {
  private static final Duration START = Duration.ofSeconds(180);

  /** The build-enabled launcher environment, deploying to (and reading from) {@code standIn}. */
  static Map<String, String> clusterEnvironment(Path data, int apiPort, StandInCluster standIn) {
    Map<String, String> env = LocalStackBuildIT.buildEnvironment(data, apiPort);
    env.put("KUBECONFIG", standIn.kubeconfig().toString());
    env.put("DP_ROLLOUT_TIMEOUT", "60s");
    return env;
  }

  @Test
  void createRunsBreakFailsWithTheOldVersionLiveRollbackRunsDeleteLeavesNothing(TestInfo info) throws Exception {
    LocalStackBuildIT.requireEngine();
    try (OpenTempDir dir = new OpenTempDir();
        StandInCluster standIn = StandInCluster.start()) {
      Path tmp = dir.path();
      int apiPort = FreePorts.next();
      Map<String, String> env = clusterEnvironment(tmp.resolve("data"), apiPort, standIn);
      // Not KUBECONFIG: the k3s.yaml a k3s server on this machine would write, to be detected.
      Path k3s = Files.createDirectories(tmp.resolve("rancher/k3s")).resolve("k3s.yaml");
      Files.writeString(k3s, Files.readString(standIn.kubeconfig()));
      env.remove("KUBECONFIG");
      env.remove("DP_AUTODETECT");
      env.put("DP_K3S_KUBECONFIG", k3s.toString());
      GitRepo repo = GitRepo.withStaticSite(tmp.resolve("site"));
      String name = "kube-" + UUID.randomUUID().toString().substring(0, 8);

      try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info))) {
        launcher.awaitLine(l -> l.contains("Press Ctrl-C to stop everything."), START);
        String server = K3sKubeconfig.servers(Files.readString(k3s)).getFirst();
        assertThat(server).startsWith("https://127.0.0.1:");
        assertThat(launcher.ownLines())
            .contains("  Kubernetes  KUBECONFIG=" + k3s + " (detected: k3s on this machine (" + server + "))")
            .contains("  BuildKit    BUILDKIT_HOST=docker:///var/run/docker.sock (set by hand)")
            .contains("  base images DP_BASE_IMAGE_STATIC=" + LocalStackBuildIT.BUSYBOX + " (set by hand)");
        ApiClient api =
            new ApiClient("http://127.0.0.1:" + apiPort, Files.readString(tmp.resolve("data/api-key")).strip());
        JsonNode status = api.get("/v1/status").json();
        assertThat(status.path("kubernetes").path("source").asText()).as("%s", status).isEqualTo("detected");
        assertThat(status.path("buildkit").path("source").asText()).as("%s", status).isEqualTo("environment");

        ApiClient.Response created = LocalStackBuildIT.createStaticService(api, name, repo);
        assertThat(created.json().path("url").asText()).isEqualTo("https://" + name + ".apps.localhost");
        String first = created.json().path("deployment_id").asText();

        JsonNode running = LocalStackIT.awaitFinished(api, first);
        assertThat(running.path("status").asText()).as("%s", running).isEqualTo("running");
        assertThat(deployments(standIn, name)).isEqualTo(1);

        // Break it.
        assertThat(api.put("/v1/services/" + name + "/env/KUBE_STANDIN_BEHAVIOUR",
            "{\"value\":\"crash-loop\",\"secret\":false}").status()).isBetween(200, 204);
        ApiClient.Response redeploy = api.post("/v1/services/" + name + "/deploys", "{}");
        assertThat(redeploy.status()).as("%s", redeploy).isEqualTo(202);
        JsonNode broken = LocalStackIT.awaitFinished(api, redeploy.json().path("id").asText());
        assertThat(broken.path("status").asText()).as("%s", broken).isEqualTo("failed");
        assertThat(broken.path("error").path("code").asText()).isEqualTo("CRASH_LOOP");
        assertThat(broken.path("error").path("log_tail").asText()).isNotBlank();
        assertThat(broken.path("error").path("hint").asText()).isNotBlank();
        // The first version still serves: its pods are still the ready ones.
        assertThat(readyImages(standIn, name)).containsExactly(running.path("image_ref").asText());

        JsonNode service = api.get("/v1/services/" + name).json();
        assertThat(service.path("environments").path("production").path("live_deployment_id").asText())
            .isEqualTo(first);

        // Roll back: production returns to the first image, without a build. A rollback moves the
        // image, not the environment, so the variable that broke it goes first.
        assertThat(api.delete("/v1/services/" + name + "/env/KUBE_STANDIN_BEHAVIOUR").status()).isBetween(200, 204);
        ApiClient.Response rollback = api.post("/v1/services/" + name + "/rollback", "{}");
        assertThat(rollback.status()).as("%s", rollback).isEqualTo(202);
        String rollbackId = rollback.json().path("id").asText();
        JsonNode rolledBack = LocalStackIT.awaitFinished(api, rollbackId);
        assertThat(rolledBack.path("status").asText()).as("%s", rolledBack).isEqualTo("running");
        assertThat(rolledBack.path("image_ref").asText()).isEqualTo(running.path("image_ref").asText());
        assertThat(rolledBack.path("trigger").asText()).isEqualTo("rollback");
        assertThat(rolledBack.path("source_deployment_id").asText()).isEqualTo(first);
        assertThat(rolledBack.path("building_at").isNull() || rolledBack.path("building_at").isMissingNode())
            .as("no build: %s", rolledBack).isTrue();
        assertThat(api.get("/v1/services/" + name).json()
            .path("environments").path("production").path("live_deployment_id").asText()).isEqualTo(rollbackId);

        assertThat(api.delete("/v1/services/" + name).status()).isEqualTo(202);
        Instant deadline = Instant.now().plusSeconds(60);
        while (deployments(standIn, name) > 0 && Instant.now().isBefore(deadline)) {
          Thread.sleep(250);
        }
        assertThat(deployments(standIn, name)).isZero();
        assertThat(standIn.client().pods().inAnyNamespace().withLabel("app", name).list().getItems()).isEmpty();

        launcher.terminate();
        launcher.awaitExit(Duration.ofSeconds(90));
      }
    }
  }

  private static int deployments(StandInCluster standIn, String name) {
    return standIn.client().apps().deployments().inAnyNamespace().withLabel("app", name).list().getItems().size();
  }

  /** Images of the service's ready pods. */
  private static java.util.List<String> readyImages(StandInCluster standIn, String name) {
    return standIn.client().pods().inAnyNamespace().withLabel("app", name).list().getItems().stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
            && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .map(p -> p.getSpec().getContainers().getFirst().getImage())
        .distinct()
        .toList();
  }
}
