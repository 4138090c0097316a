package io.deploymcp.kubestandin.kubelet;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The {@code pod-template-hash} label value: equal templates, equal hash, so a Deployment that
 * returns to an earlier template (a rollback) finds its earlier ReplicaSet again. A real
 * controller uses FNV-32a over the Go struct; this one hashes the canonical JSON, with the same
 * alphabet (no vowels, no look-alike digits).
 */
final class PodTemplateHash {

  static final String LABEL = "pod-template-hash";
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private PodTemplateHash() {}

  static String of(PodTemplateSpec template) {
    PodTemplateSpec copy = Serialization.clone(template);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      // The hash label itself must not change the hash of the template it is put on.
      copy.getMetadata().getLabels().remove(LABEL);
    }
    JsonNode node = Serialization.jsonMapper().valueToTree(copy);
    StringBuilder canonical = new StringBuilder();
    canonical(node, canonical);
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      out.append(ALPHABET.charAt(Byte.toUnsignedInt(digest[i]) % ALPHABET.length()));
    }
    return out.toString();
  }

  /** JSON with object keys sorted, so field order never changes the hash. */
  private static void canonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>(node.propertyNames());
      Collections.sort(names);
      out.append('{');
      for (String name : names) {
        out.append('"').append(name).append("\":");
        canonical(node.get(name), out);
        out.append(',');
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (JsonNode element : node) {
        canonical(element, out);
        out.append(',');
      }
      out.append(']');
    } else {
      out.append(node.toString());
    }
  }
}
