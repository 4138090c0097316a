package io.deploymcp.crash.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What the Kubernetes stand-in holds for one project namespace, as comparable text: every object
 * the platform applied or the kubelet stand-in made from them, without what differs between two
 * identical deploys (uids, resource versions, times, status) and with the run's own names
 * (service, namespace, deployment, commit, digest, pod-template hash) replaced by placeholders.
 * Two namespaces whose deploys ended the same way give the same list, whatever happened on the
 * way; a second Deployment, a stray ReplicaSet or a changed field does not.
 */
public final class ClusterObjects {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private final KubernetesClient client;

  public ClusterObjects(KubernetesClient client) {
    this.client = client;
  }

  /** The namespace (if it exists) and everything in it; events included. */
  public List<HasMetadata> in(String namespace) {
    List<HasMetadata> all = new ArrayList<>();
    Namespace ns = client.namespaces().withName(namespace).get();
    if (ns != null) {
      all.add(ns);
    }
    all.addAll(workloads(namespace));
    all.addAll(client.v1().events().inNamespace(namespace).list().getItems());
    return all;
  }

  private List<HasMetadata> workloads(String namespace) {
    return Stream.<List<? extends HasMetadata>>of(
            client.network().networkPolicies().inNamespace(namespace).list().getItems(),
            client.resourceQuotas().inNamespace(namespace).list().getItems(),
            client.limitRanges().inNamespace(namespace).list().getItems(),
            client.secrets().inNamespace(namespace).list().getItems(),
            client.configMaps().inNamespace(namespace).list().getItems(),
            client.serviceAccounts().inNamespace(namespace).list().getItems(),
            client.apps().deployments().inNamespace(namespace).list().getItems(),
            client.apps().replicaSets().inNamespace(namespace).list().getItems(),
            client.pods().inNamespace(namespace).list().getItems(),
            client.services().inNamespace(namespace).list().getItems(),
            client.network().v1().ingresses().inNamespace(namespace).list().getItems(),
            client.batch().v1().cronjobs().inNamespace(namespace).list().getItems(),
            client.batch().v1().jobs().inNamespace(namespace).list().getItems())
        .flatMap(List::stream)
        .map(HasMetadata.class::cast)
        .toList();
  }

  /**
   * The namespace's objects (events left out: their count depends on timing) as sorted JSON
   * lines, with {@code names} (run-specific text → placeholder) replaced.
   */
  public List<String> normalized(String namespace, Map<String, String> names) throws Exception {
    List<HasMetadata> objects = new ArrayList<>();
    Namespace ns = client.namespaces().withName(namespace).get();
    if (ns != null) {
      objects.add(ns);
    }
    objects.addAll(workloads(namespace));
    Map<String, String> replacements = new LinkedHashMap<>(names);
    for (HasMetadata o : objects) {
      String hash = o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get("pod-template-hash");
      if (hash != null) {
        replacements.put(hash, "<pod-template-hash>");
      }
    }
    List<Map.Entry<String, String>> ordered =
        replacements.entrySet().stream()
            .filter(e -> e.getKey() != null && !e.getKey().isEmpty())
            .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
            .toList();
    List<String> lines = new ArrayList<>();
    for (HasMetadata o : objects) {
      ObjectNode node = (ObjectNode) JSON.readTree(client.getKubernetesSerialization().asJson(o));
      strip(node);
      String text = JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
      for (Map.Entry<String, String> e : ordered) {
        text = text.replace(e.getKey(), e.getValue());
      }
      // A pod's name ends in five random characters after its template hash.
      text = text.replaceAll("<pod-template-hash>-[a-z0-9]{5}", "<pod-template-hash>-<pod>");
      text = text.replaceAll("sha256:[0-9a-f]{64}", "sha256:<digest>");
      lines.add(text);
    }
    lines.sort(Comparator.naturalOrder());
    return lines;
  }

  private static void strip(ObjectNode node) {
    node.remove("status");
    JsonNode metadata = node.path("metadata");
    if (metadata instanceof ObjectNode meta) {
      for (String field : List.of("uid", "resourceVersion", "creationTimestamp", "generation", "selfLink",
          "deletionTimestamp", "deletionGracePeriodSeconds")) {
        meta.remove(field);
      }
      meta.path("managedFields").forEach(f -> ((ObjectNode) f).remove("time"));
      meta.path("ownerReferences").forEach(r -> ((ObjectNode) r).remove("uid"));
    }
    // Secret values in clear, so run-specific text in them is replaced like anywhere else.
    if ("Secret".equals(node.path("kind").asText()) && node.path("data") instanceof ObjectNode data) {
      ObjectNode plain = data.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        plain.put(e.getKey(), new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8));
      }
      node.set("data", plain);
    }
  }

  /** Apply requests (server-side apply PATCHes) the stand-in answered for the namespace, in order, names replaced. */
  public static List<String> applies(List<io.deploymcp.kubestandin.apiserver.ApiRequest> requests, String namespace,
      String service) {
    return requests.stream()
        .filter(io.deploymcp.kubestandin.apiserver.ApiRequest::isApply)
        .filter(r -> r.path().contains("/namespaces/" + namespace + "/") || r.path().endsWith("/namespaces/" + namespace)
            || r.path().contains("/namespaces/" + namespace + "?"))
        .map(r -> stripQuery(r.path()).replace(namespace, "<namespace>").replace(service, "<service>"))
        .filter(Objects::nonNull)
        .toList();
  }

  /** Milliseconds from the first to the last apply request the stand-in answered for the namespace. */
  public static long applySpanMillis(List<io.deploymcp.kubestandin.apiserver.ApiRequest> requests, String namespace) {
    List<java.time.Instant> at = requests.stream()
        .filter(io.deploymcp.kubestandin.apiserver.ApiRequest::isApply)
        .filter(r -> r.path().contains("/namespaces/" + namespace + "/") || stripQuery(r.path()).endsWith("/namespaces/" + namespace))
        .map(io.deploymcp.kubestandin.apiserver.ApiRequest::at)
        .toList();
    return at.isEmpty() ? 0 : java.time.Duration.between(at.getFirst(), at.getLast()).toMillis();
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
