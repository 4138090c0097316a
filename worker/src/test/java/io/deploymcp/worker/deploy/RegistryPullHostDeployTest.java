package io.deploymcp.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kubestandin.StandInCluster;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.support.EngineSupport;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.worker.support.WorkerTestEnvironment.Builds;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REGISTRY_PULL_HOST (seed 001 §0, §11): the worker pushes to the registry's address
 * (REGISTRY_HOST, here the real loopback registry) while the Deployment it applies names the image
 * as the nodes' kubelets pull it. The cluster is the Kubernetes stand-in (kube-standin: fabric8's
 * mock API server plus a kubelet stand-in that does not pull), so this proves the applied
 * Deployment's image name, not that a real kubelet pulls it through registries.yaml.
 */
class RegistryPullHostDeployTest {
  private static final String KEY = SecretCipher.newBase64Key();
  private static final String PULL_HOST = "registry.internal:5000";

  @TempDir Path tmp;
  private final Fixtures fixtures = new Fixtures();
  private final UUID tenant = fixtures.tenant();

  @Test
  void standInDeployPushesToRegistryHostAndTheAppliedDeploymentNamesThePullHostByDigest() {
    EngineSupport.requireEngine(EngineSupport.BUSYBOX);
    try (StandInCluster standIn = StandInCluster.start();
        WorkerTestEnvironment worker =
            new WorkerTestEnvironment(
                KEY,
                tmp.resolve("t"),
                Builds.engine().withRegistryPullHost(PULL_HOST).withKubeconfig(standIn.kubeconfig()))) {
      Path repo = GitRepos.withMain(tmp, "site-" + UUID.randomUUID());
      GitRepos.commitFiles(repo, Map.of("index.html", "<h1>" + UUID.randomUUID() + "</h1>\n"), "site");
      UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
      fixtures.buildConfig(service, "static", "", "Dockerfile");
      UUID first = fixtures.deployment(tenant, service, "production", "main");

      DeployOutcome running = worker.deploy(tenant, service, first);

      assertThat(running.status()).as("%s", running).isEqualTo(DeploymentStatus.RUNNING);
      String imageRef = fixtures.row(first).imageRef();
      assertThat(imageRef).startsWith(PULL_HOST + "/dp-").matches(".*@sha256:[0-9a-f]{64}");
      String name = fixtures.serviceName(service);
      List<Deployment> applied =
          standIn.client().apps().deployments().inAnyNamespace().withLabel("app", name).list().getItems();
      assertThat(applied).hasSize(1);
      assertThat(applied.getFirst().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
          .isEqualTo(imageRef);
      // The push went to REGISTRY_HOST: the loopback registry has that manifest under the same path.
      String path = imageRef.substring(PULL_HOST.length(), imageRef.indexOf('@'));
      String digest = imageRef.substring(imageRef.indexOf('@') + 1);
      assertThat(EngineSupport.status("/v2" + path + "/manifests/" + digest)).isEqualTo(200);

      // A second deploy of the same commit is skipped by the check against REGISTRY_HOST and still
      // runs the image under the pull name.
      UUID second = fixtures.deployment(tenant, service, "production", "main");
      DeployOutcome again = worker.deploy(tenant, service, second);

      assertThat(again.status()).isEqualTo(DeploymentStatus.RUNNING);
      assertThat(fixtures.row(second).imageRef()).isEqualTo(imageRef);
      worker.deleteService(tenant, service);
    }
  }
}
