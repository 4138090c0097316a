package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraObjects;
import io.deploymcp.infra.support.InfraSettings;
import io.deploymcp.infra.support.KubeObject;
import io.deploymcp.infra.support.Yaml;
import io.deploymcp.workflows.DeploySearchAttributes;
import io.temporal.common.SearchAttributeKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional Temporal values register what the platform needs: its namespace and exactly the
 * search attributes the workflows set (workflows/DeploySearchAttributes), all Keyword, with
 * PostgreSQL persistence from a Secret (no password in the file).
 */
@SuppressWarnings("unchecked")
class TemporalValuesTest {
  @TempDir Path scratch;
  private final Map<String, Object> values = InfraObjects.values("temporal.yml");

  @Test
  void theJobRegistersExactlyTheWorkflowsSearchAttributesAsKeywords() {
    KubeObject job = InfraObjects.temporalExtraObjects(scratch).getFirst();
    Map<String, Object> container = (Map<String, Object>) Yaml.list(job.podSpec(), "containers").getFirst();
    Map<String, String> env = new java.util.HashMap<>();
    for (Object e : (List<Object>) container.get("env")) {
      env.put(String.valueOf(Yaml.at(e, "name")), String.valueOf(Yaml.at(e, "value")));
    }

    assertThat(Arrays.asList(env.get("ATTRIBUTES").split(" ")))
        .containsExactlyInAnyOrderElementsOf(DeploySearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList());
    assertThat(DeploySearchAttributes.ALL).allMatch(k -> k.getValueType() == io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    assertThat(String.valueOf(((List<Object>) container.get("args")).getFirst())).contains("--type Keyword");
    assertThat(env.get("NAMESPACE")).isEqualTo(InfraSettings.defaults().value("TEMPORAL_NAMESPACE"));
    assertThat(env.get("TEMPORAL_ADDRESS")).isEqualTo("temporal-frontend.dp-system.svc:7233");
    assertThat(String.valueOf(container.get("image"))).isEqualTo("temporalio/admin-tools:1.31.2");
  }

  @Test
  void thePlatformsNamespaceIsCreated() {
    assertThat(Yaml.at(values, "server.config.namespaces.create")).isEqualTo(true);
    assertThat(Yaml.list(values, "server.config.namespaces.namespace"))
        .extracting(n -> Yaml.at(n, "name"))
        .containsExactly(InfraSettings.defaults().value("TEMPORAL_NAMESPACE"));
  }

  @Test
  void bothStoresArePostgresqlWithThePasswordFromASecret() {
    for (String store : List.of("default", "visibility")) {
      Map<String, Object> sql = Yaml.map(values, "server.config.persistence.datastores." + store + ".sql");
      assertThat(sql).as(store).containsEntry("pluginName", "postgres12_pgx").containsEntry("existingSecret", "temporal-db")
          .doesNotContainKey("password");
    }
  }
}
