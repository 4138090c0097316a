package io.deploymcp.kubestandin;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Small builders of the objects the tests apply (the platform's real manifests live in kube/). */
final class Manifests {

  static final String MANAGER = "deploy-mcp";

  private Manifests() {}

  static Deployment deployment(String namespace, String name, String image, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", name).endMetadata()
        .withNewSpec()
          .withReplicas(replicas)
          .withNewSelector().addToMatchLabels("app", name).endSelector()
          .withNewStrategy().withType("RollingUpdate")
            .withNewRollingUpdate().withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1))
            .endRollingUpdate()
          .endStrategy()
          .withNewTemplate()
            .withNewMetadata().addToLabels("app", name).endMetadata()
            .withNewSpec()
              .addNewContainer().withName("app").withImage(image)
                .addNewPort().withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(8080))
                  .endHttpGet().endReadinessProbe()
              .endContainer()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  static void namespace(KubernetesClient client, String name) {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .fieldManager(MANAGER).forceConflicts().serverSideApply();
  }

  static Deployment apply(KubernetesClient client, Deployment deployment) {
    return client.resource(deployment).fieldManager(MANAGER).forceConflicts().serverSideApply();
  }
}
