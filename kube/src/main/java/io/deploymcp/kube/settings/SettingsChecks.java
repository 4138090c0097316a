package io.deploymcp.kube.settings;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.naming.DnsNames;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Checks shared by the settings records; each failure names the setting. */
final class SettingsChecks {
  private SettingsChecks() {}

  /** A positive Kubernetes quantity such as {@code 250m}, {@code 4} or {@code 8Gi}. */
  static BigDecimal quantity(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidKubeInputException(field, "is required");
    }
    BigDecimal amount;
    try {
      amount = Quantity.getAmountInBytes(new Quantity(value));
    } catch (RuntimeException e) {
      throw new InvalidKubeInputException(field, "'" + value + "' is not a Kubernetes quantity");
    }
    if (amount.signum() <= 0) {
      throw new InvalidKubeInputException(field, "'" + value + "' must be positive");
    }
    return amount;
  }

  /**
   * An immutable, key-sorted copy of a label map: sorted so generated objects serialize the same
   * way whatever map the caller passed in.
   */
  static SortedMap<String, String> labels(String field, Map<String, String> labels) {
    if (labels == null) {
      throw new InvalidKubeInputException(field, "is required");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    labels.forEach(
        (key, value) -> {
          if (!DnsNames.isQualifiedName(key)) {
            throw new InvalidKubeInputException(field, "'" + key + "' is not a label key");
          }
          if (!DnsNames.isLabelValue(value)) {
            throw new InvalidKubeInputException(field, "'" + value + "' is not a label value");
          }
          copy.put(key, value);
        });
    return Collections.unmodifiableSortedMap(copy);
  }

  /** An immutable, key-sorted copy of an annotation map (values are free text). */
  static SortedMap<String, String> annotations(String field, Map<String, String> annotations) {
    if (annotations == null) {
      throw new InvalidKubeInputException(field, "is required");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    annotations.forEach(
        (key, value) -> {
          if (!DnsNames.isQualifiedName(key)) {
            throw new InvalidKubeInputException(field, "'" + key + "' is not an annotation key");
          }
          if (value == null) {
            throw new InvalidKubeInputException(field, "'" + key + "' has no value");
          }
          copy.put(key, value);
        });
    return Collections.unmodifiableSortedMap(copy);
  }
}
