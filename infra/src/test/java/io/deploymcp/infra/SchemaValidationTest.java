package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraObjects;
import io.deploymcp.infra.support.InfraPaths;
import io.deploymcp.infra.support.KubeObject;
import io.deploymcp.infra.support.KubernetesValidator;
import io.deploymcp.infra.support.KubernetesValidator.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every object validates against the Kubernetes OpenAPI schemas and the cert-manager and Traefik
 * CRD schemas (kubernetes-models from npm, see KubernetesValidator): the manifests of infra/k8s,
 * the Job in values/temporal.yml, and helm/deploy-mcp rendered by helm-java with its defaults and
 * with production-like values. And the validator really refuses a wrong type and an unknown
 * field.
 */
class SchemaValidationTest {
  @TempDir Path scratch;

  @Test
  void everyObjectValidates() {
    List<KubeObject> objects = new ArrayList<>(InfraObjects.manifests());
    objects.addAll(InfraObjects.temporalExtraObjects(scratch));
    objects.addAll(InfraObjects.chartRenders());

    List<Result> results = KubernetesValidator.installed().validate(objects);

    assertThat(results).hasSameSizeAs(objects);
    assertThat(results.stream().filter(r -> !r.errors().isEmpty()).map(Result::toString)).isEmpty();
    assertThat(results.stream().map(Result::kind))
        .contains("Namespace", "Deployment", "Service", "NetworkPolicy", "ConfigMap", "ClusterIssuer",
            "Certificate", "TLSStore", "RuntimeClass", "Middleware", "Ingress", "Job");
    assertThat(InfraPaths.manifests()).isNotEmpty();
  }

  @Test
  void aWrongTypeAndAnUnknownFieldAreRefusedInCoreObjectsAndInBothCrdFamilies() {
    KubeObject registry = byName(InfraObjects.manifests(), "Deployment", "registry");
    KubeObject certificate = byName(InfraObjects.manifests(), "Certificate", "wildcard-apps");
    KubeObject middleware = byName(InfraObjects.manifests(), "Middleware", "loki-auth");

    List<KubeObject> broken = List.of(
        edited(registry, "spec", "replicas", "one"),
        edited(registry, "spec.template.spec.containers.0", "imagePullPolicyy", "Always"),
        edited(certificate, "spec", "dnsNames", "*.example.org"),
        edited(certificate, "spec", "secretNam", "x"),
        edited(middleware, "spec.basicAuth", "removeHeader", "yes"),
        edited(middleware, "spec.basicAuth", "realmm", "x"),
        new KubeObject("made up", Map.of("apiVersion", "example.com/v1", "kind", "Thing", "metadata", Map.of("name", "x"))),
        registry);

    List<Result> results = KubernetesValidator.installed().validate(broken);

    assertThat(results.get(0).errors()).anyMatch(e -> e.contains("spec/replicas must be integer"));
    assertThat(results.get(1).errors()).anyMatch(e -> e.contains("containers[0].imagePullPolicyy") && e.contains("known properties"));
    assertThat(results.get(2).errors()).anyMatch(e -> e.contains("dnsNames"));
    assertThat(results.get(3).errors()).anyMatch(e -> e.contains("spec.secretNam") && e.contains("known properties"));
    assertThat(results.get(4).errors()).anyMatch(e -> e.contains("removeHeader"));
    assertThat(results.get(5).errors()).anyMatch(e -> e.contains("spec.basicAuth.realmm") && e.contains("known properties"));
    assertThat(results.get(6).errors()).containsExactly("no schema for example.com/v1 Thing (kubernetes-models/example.com/v1)");
    assertThat(results.get(7).errors()).as("the unedited object").isEmpty();
  }

  private static KubeObject byName(List<KubeObject> objects, String kind, String name) {
    return objects.stream().filter(o -> o.kind().equals(kind) && o.name().equals(name)).findFirst().orElseThrow();
  }

  /** A deep copy with one field set at a path ("a.b.0.c": list indexes as numbers). */
  @SuppressWarnings("unchecked")
  private static KubeObject edited(KubeObject original, String path, String field, Object value) {
    Map<String, Object> copy = (Map<String, Object>) deepCopy(original.object());
    Object node = copy;
    for (String step : path.split("\\.")) {
      node = node instanceof List<?> list ? list.get(Integer.parseInt(step)) : ((Map<String, Object>) node).get(step);
    }
    ((Map<String, Object>) node).put(field, value);
    return new KubeObject(original.source() + " edited: " + path + "." + field, copy);
  }

  private static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(SchemaValidationTest::deepCopy).toList());
    }
    return value;
  }
}
