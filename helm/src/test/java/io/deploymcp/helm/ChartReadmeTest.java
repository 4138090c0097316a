package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart README's values table names every value the schema knows (so neither drifts). */
class ChartReadmeTest {

  @Test
  void everyValueOfTheSchemaIsInTheReadmesTable() throws Exception {
    Map<String, Object> schema = Serialization.unmarshal(
        Files.readString(Chart.directory().resolve("values.schema.json")), Map.class);
    String readme = Files.readString(Chart.directory().resolve("README.md"));

    List<String> values = new ArrayList<>();
    collect(schema, "", values);

    assertThat(values).hasSizeGreaterThan(100);
    assertThat(values).allSatisfy(value -> assertThat(readme).as("README row of %s", value).contains("| `" + value + "` |"));
  }

  /** Leaves: properties that are not objects with required properties of their own. */
  @SuppressWarnings("unchecked")
  private static void collect(Map<String, Object> schema, String prefix, List<String> out) {
    Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
    List<?> required = (List<?>) schema.get("required");
    if (properties == null || required == null || required.isEmpty()) {
      out.add(prefix);
      return;
    }
    properties.forEach((name, child) ->
        collect((Map<String, Object>) child, prefix.isEmpty() ? name : prefix + "." + name, out));
  }
}
