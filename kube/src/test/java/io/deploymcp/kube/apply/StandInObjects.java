package io.deploymcp.kube.apply;

import io.deploymcp.kube.access.ClusterComponent;
import io.deploymcp.kube.manifest.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.deploymcp.kubestandin.StandInCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads what a test put on the stand-in cluster. */
public final class StandInObjects {
  private static final List<Class<? extends HasMetadata>> NAMESPACED_KINDS =
      List.of(NetworkPolicy.class, ResourceQuota.class, LimitRange.class, Secret.class,
          Deployment.class, CronJob.class, Service.class, Ingress.class);

  private StandInObjects() {}

  /**
   * A client of the stand-in that rides out a stall of fabric8's mock server: closing a watch
   * while the server sends to it can block the server's only event loop for up to 30 s
   * ({@code WatchEventsListener.onClosed} awaits a sender that needs that loop), longer than the
   * client's default 10 s timeouts. Reported to kube-standin; with that fixed, {@code
   * cluster.client()} will do.
   */
  public static KubernetesClient patientClient(StandInCluster cluster) {
    return patientClient(cluster, null);
  }

  /**
   * A patient client that identifies as {@code component} (its User-Agent), for the code under
   * test: the stand-in records its calls for the helm module's RBAC check, so fixtures and
   * assertions use another client.
   */
  public static KubernetesClient patientClient(StandInCluster cluster, ClusterComponent component) {
    Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());
    if (component != null) {
      config.setUserAgent(component.userAgent());
    }
    config.setRequestTimeout(45_000);
    config.setConnectionTimeout(45_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** {@code Kind name} → resourceVersion of everything in the namespace, and the namespace. */
  public static Map<String, String> resourceVersions(KubernetesClient client, String namespace) {
    Map<String, String> versions = new TreeMap<>();
    var ns = client.namespaces().withName(namespace).get();
    if (ns != null) {
      versions.put("Namespace " + namespace, ns.getMetadata().getResourceVersion());
    }
    for (Class<? extends HasMetadata> kind : NAMESPACED_KINDS) {
      for (HasMetadata o : client.resources(kind).inNamespace(namespace).list().getItems()) {
        versions.put(o.getKind() + " " + o.getMetadata().getName(), o.getMetadata().getResourceVersion());
      }
    }
    return versions;
  }

  /** Names of a service's objects of {@code kind} (both environments). */
  public static List<String> ofService(
      KubernetesClient client, Class<? extends HasMetadata> kind, String namespace, String service) {
    return client.resources(kind).inNamespace(namespace)
        .withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGER, Labels.SERVICE, service))
        .list().getItems().stream().map(o -> o.getMetadata().getName()).sorted().toList();
  }

  /** A digest image unique to {@code seed}, so a test can script the stand-in by image. */
  public static String image(String seed) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return "127.0.0.1:5000/dp-test/app@sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
