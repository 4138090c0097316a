package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * values.schema.json refuses bad values before anything renders, each with a message that names
 * the value and what is wrong (Helm validates the merged values against the schema).
 */
class ChartSchemaTest {

  @ParameterizedTest(name = "{0}={1} is refused naming {2}")
  @CsvSource(delimiter = '|', value = {
      // wrong types
      "api.replicas|two|api/replicas|integer",
      "ingress.tls|maybe|ingress/tls|boolean",
      "worker.build.concurrency|-1|worker/build/concurrency|minimum",
      "api.config.clusterStatusTtl|5 seconds|api/config/clusterStatusTtl|pattern",
      "operator.registryGcLease|0m|operator/registryGcLease|pattern",
      "networkPolicy.worker.registry.ipBlocks[0]|not-a-cidr|networkPolicy/worker/registry/ipBlocks/0|pattern",
      "prometheus.url|prometheus.dp-system:9090|prometheus/url|pattern",
      "loki.timeout|ten seconds|loki/timeout|pattern",
      "networkPolicy.api.egress.prometheus.ports[0]|0|networkPolicy/api/egress/prometheus/ports/0|minimum",
      // unknown keys, at the top and deep down
      "replicas|2|replicas|replicas",
      "api.replica|3|api|replica",
      "networkPolicy.worker.postgress.ports[0]|5432|networkPolicy/worker|postgress",
      "database.password|hunter2|database|password",
  })
  void aBadValueIsRefusedWithItsPathAndTheReason(String key, String value, String path, String reason) {
    assertThatThrownBy(() -> Chart.deployMcp().set(key, value).template())
        .hasMessageContaining("schema")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(normalized(e.getMessage())).contains(path))
        .hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "{0} missing is refused")
  @CsvSource({
      "database.existingSecret,database",
      "secretKey.existingSecret,secretKey",
      "temporal.address,temporal",
  })
  void aMissingRequiredValueIsRefused(String key, String parent) {
    String property = key.substring(key.lastIndexOf('.') + 1);
    assertThatThrownBy(() -> Chart.deployMcp().set(key, null).template())
        .hasMessageContaining("schema")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(normalized(e.getMessage())).contains(parent))
        .hasMessageContaining(property);
  }

  @ParameterizedTest(name = "{0}=\"\" is refused")
  @CsvSource({"database.existingSecret", "secretKey.existingSecret", "appsDomain"})
  void anEmptyRequiredSecretNameOrDomainIsRefused(String key) {
    assertThatThrownBy(() -> Chart.deployMcp().set(key, "").template())
        .hasMessageContaining("schema")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(normalized(e.getMessage()))
            .contains(key.replace('.', '/')));
  }

  @ParameterizedTest(name = "worker.shutdownTimeout={0} with a {1} s grace period is refused")
  @CsvSource({"300s,300", "5m,300", "1h,600"})
  void aWorkerDrainAsLongAsItsGracePeriodIsRefused(String drain, int grace) {
    assertThatThrownBy(() -> Chart.deployMcp().set("worker.shutdownTimeout", drain)
            .set("worker.terminationGracePeriodSeconds", String.valueOf(grace)).template())
        .hasMessageContaining("worker.shutdownTimeout (" + drain + ") must be shorter than worker.terminationGracePeriodSeconds");
  }

  /** Paths as Helm's validator prints them, in JSON-pointer form (api/replicas). */
  private static String normalized(String message) {
    return message.replace("'", "").replace(".", "/");
  }
}
