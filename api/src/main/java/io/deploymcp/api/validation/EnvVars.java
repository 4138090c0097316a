package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated set of environment variables. Values are never logged or echoed, whatever their
 * kind: a secret one (the default) reaches the build only as a BuildKit secret, a plain one
 * (named in {@code env_plain}) also as a build arg, e.g. NODE_ENV.
 */
public final class EnvVars {
  private final Map<EnvKey, String> values;
  private final Set<EnvKey> plain;

  private EnvVars(Map<EnvKey, String> values, Set<EnvKey> plain) {
    this.values = Collections.unmodifiableMap(values);
    this.plain = Collections.unmodifiableSet(plain);
  }

  public static EnvVars empty() {
    return new EnvVars(new LinkedHashMap<>(), Set.of());
  }

  public static EnvVars parse(Map<String, String> raw, EnvLimits limits) {
    return parse(raw, null, limits);
  }

  /** {@code plainKeys} names keys of {@code raw} that are plain build args rather than secrets. */
  public static EnvVars parse(Map<String, String> raw, List<String> plainKeys, EnvLimits limits) {
    Set<EnvKey> plain = new LinkedHashSet<>();
    if (plainKeys != null) {
      for (String key : plainKeys) {
        EnvKey envKey = plainKey(key);
        if (raw == null || !raw.containsKey(envKey.value())) {
          throw new ValidationException(
              ProblemCode.INVALID_ENV, "env_plain",
              "env_plain names " + envKey + ", which is not in env",
              "List in env_plain only keys that env sets, e.g. {\"env\": {\"NODE_ENV\": \"production\"}, \"env_plain\": [\"NODE_ENV\"]}.");
        }
        plain.add(envKey);
      }
    }
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
    return new EnvVars(parsed, plain);
  }

  private static EnvKey plainKey(String key) {
    if (key == null) {
      throw new ValidationException(ProblemCode.INVALID_ENV, "env_plain", "env_plain holds a null key");
    }
    try {
      return new EnvKey(key);
    } catch (ValidationException e) {
      throw new ValidationException(ProblemCode.INVALID_ENV, "env_plain", e.getMessage().replace("env key", "env_plain key"));
    }
  }

  /** True unless the key was declared plain: secret is the safe default. */
  public boolean isSecret(EnvKey key) {
    return !plain.contains(key);
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
    return "EnvVars" + values.keySet() + (plain.isEmpty() ? "" : " plain" + plain); // names only
  }
}
