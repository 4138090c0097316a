package io.deploymcp.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart {@code helm/deploy-mcp} rendered by the real Helm engine (helm-java) and read back
 * as fabric8 model objects by fabric8's own YAML loading, as the API server would read them.
 */
final class Chart {
  static final String RELEASE = "deploy-mcp";
  static final String NAMESPACE = "dp-system";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Path directory;
  private final List<Path> valuesFiles = new ArrayList<>();
  private final Map<String, Object> sets = new LinkedHashMap<>();

  private Chart(Path directory) {
    this.directory = directory;
  }

  /** The chart of this repository (the surefire property, or ../helm/deploy-mcp from the module). */
  static Chart deployMcp() {
    Path dir = Path.of(System.getProperty("deploymcp.chart.dir", "deploy-mcp"));
    if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      throw new IllegalStateException("no chart at " + dir.toAbsolutePath());
    }
    return new Chart(dir);
  }

  static Path directory() {
    return deployMcp().directory;
  }

  /** With the production-like values of ci/production-values.yaml. */
  Chart production() {
    return values(directory.resolve("ci/production-values.yaml"));
  }

  Chart values(Path file) {
    valuesFiles.add(file);
    return this;
  }

  /** A {@code --set key=value}; a null value is {@code key=null}, which removes the key. */
  Chart set(String key, Object value) {
    sets.put(key, value == null ? "null" : value);
    return this;
  }

  Helm helm() {
    return new Helm(directory);
  }

  /** {@code helm template} output. */
  String template() {
    TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
    valuesFiles.forEach(template::withValuesFile);
    sets.forEach(template::set);
    return template.call();
  }

  /** The rendered objects. */
  Rendered render() {
    return new Rendered(parse(template()));
  }

  static List<HasMetadata> parse(String yaml) {
    Object parsed = SERIALIZATION.unmarshal(yaml);
    List<HasMetadata> objects = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof HasMetadata object) {
          objects.add(object);
        }
      }
    } else if (parsed instanceof HasMetadata object) {
      objects.add(object);
    }
    return objects;
  }

  /** What one rendering produced. */
  record Rendered(List<HasMetadata> objects) {
    <T extends HasMetadata> List<T> all(Class<T> kind) {
      return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
      return all(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> kind, String name) {
      return find(kind, name).orElseThrow(() -> new AssertionError(
          "no " + kind.getSimpleName() + " " + name + " in the rendering; it has " + names()));
    }

    List<String> names() {
      return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
  }
}
