package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A validated set of environment variables. Values are secrets: never logged or echoed. */
public final class EnvVars {
  private final Map<EnvKey, String> values;

  private EnvVars(Map<EnvKey, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static EnvVars empty() {
    return new EnvVars(new LinkedHashMap<>());
  }

  public static EnvVars parse(Map<String, String> raw, EnvLimits limits) {
    if (raw == null) {
      return empty();
    }
    if (raw.size() > limits.maxVariables()) {
      throw new ValidationException(
          ProblemCode.ENV_TOO_LARGE,
          "env",
          raw.size() + " env variables exceed the limit of " + limits.maxVariables());
    }
    Map<EnvKey, String> parsed = new LinkedHashMap<>();
    raw.forEach(
        (key, value) -> {
          EnvKey envKey = new EnvKey(key);
          checkValue(envKey, value, limits);
          parsed.put(envKey, value);
        });
    return new EnvVars(parsed);
  }

  /** Checks one value; the message names the key, never the value. */
  public static void checkValue(EnvKey key, String value, EnvLimits limits) {
    if (value == null) {
      throw new ValidationException(
          ProblemCode.INVALID_ENV, "env." + key, "env value of " + key + " must be a string");
    }
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxValueBytes()) {
      throw new ValidationException(
          ProblemCode.ENV_TOO_LARGE,
          "env." + key,
          "env value of " + key + " is " + bytes + " bytes; the limit is " + limits.maxValueBytes());
    }
  }

  public Map<EnvKey, String> values() {
    return values;
  }

  public int size() {
    return values.size();
  }

  @Override
  public String toString() {
    return "EnvVars" + values.keySet(); // names only: values are secrets
  }
}
