package io.deploymcp.kube.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.TreeMap;

/**
 * YAML of generated objects with fabric8's own serialization (field order of the model classes,
 * maps in the generators' sorted order): what the golden files hold and what a dry-run plan can
 * show.
 */
public final class ManifestYaml {
  /** What {@link #redacted} puts in place of every Secret value. */
  public static final String REDACTED = "<redacted>";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ManifestYaml() {}

  /** One YAML document per object, in the given order, each starting with {@code ---}. */
  public static String dump(List<? extends HasMetadata> objects) {
    StringBuilder out = new StringBuilder();
    for (HasMetadata object : objects) {
      String yaml = SERIALIZATION.asYaml(object);
      if (!yaml.startsWith("---")) {
        out.append("---\n");
      }
      out.append(yaml);
      if (!yaml.endsWith("\n")) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The objects with every Secret value replaced by {@link #REDACTED} (keys kept): safe to log
   * or show. Other objects are returned as they are.
   */
  public static List<HasMetadata> redacted(List<? extends HasMetadata> objects) {
    return objects.stream().map(ManifestYaml::redacted).toList();
  }

  private static HasMetadata redacted(HasMetadata object) {
    if (!(object instanceof Secret secret)) {
      return object;
    }
    TreeMap<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().keySet().forEach(key -> data.put(key, REDACTED));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().keySet().forEach(key -> data.put(key, REDACTED));
    }
    return new SecretBuilder(secret).withData(data).withStringData(null).build();
  }
}
