package io.deploymcp.buildpacks;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the service settings contribute to a plan. Env values never come here: only their keys, so a
 * plan (and its hash) can be logged and stored.
 *
 * @param dockerfilePath the dockerfile pack's file, relative to the build context; null means
 *     {@code Dockerfile}
 * @param port the port the service listens on; generated images set {@code ENV PORT} to it
 * @param baseImages operator configuration for generated Dockerfiles
 * @param buildArgKeys keys of plain env vars: generated Dockerfiles declare them as {@code ARG},
 *     the worker passes their values as {@code build-arg:KEY}
 * @param secretKeys keys of secret env vars: generated Dockerfiles mount them with {@code RUN
 *     --mount=type=secret,id=KEY} where they run project code; the worker serves the values over
 *     the session's secrets service
 */
public record PlanOptions(
    String dockerfilePath,
    int port,
    BaseImages baseImages,
    Set<String> buildArgKeys,
    Set<String> secretKeys) {

  public static final String DEFAULT_DOCKERFILE = "Dockerfile";
  public static final int DEFAULT_PORT = 8080;

  // Keys become ARG names, env var names in shell code and secret ids: keep them to what all
  // three accept, so nothing a key holds can change the generated text's meaning.
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public PlanOptions {
    dockerfilePath =
        dockerfilePath == null || dockerfilePath.isBlank() ? DEFAULT_DOCKERFILE : dockerfilePath;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, was " + port);
    }
    baseImages = baseImages == null ? BaseImages.none() : baseImages;
    buildArgKeys = sortedKeys(buildArgKeys, "build arg");
    secretKeys = sortedKeys(secretKeys, "secret");
    for (String key : secretKeys) {
      if (buildArgKeys.contains(key)) {
        throw new IllegalArgumentException("env key " + key + " is both plain and secret");
      }
    }
  }

  /** Defaults for everything but the base images: {@code Dockerfile}, port 8080, no env. */
  public static PlanOptions defaults(BaseImages baseImages) {
    return new PlanOptions(DEFAULT_DOCKERFILE, DEFAULT_PORT, baseImages, Set.of(), Set.of());
  }

  public PlanOptions withPort(int newPort) {
    return new PlanOptions(dockerfilePath, newPort, baseImages, buildArgKeys, secretKeys);
  }

  public PlanOptions withDockerfilePath(String path) {
    return new PlanOptions(path, port, baseImages, buildArgKeys, secretKeys);
  }

  public PlanOptions withEnvKeys(Set<String> plainKeys, Set<String> secretKeySet) {
    return new PlanOptions(dockerfilePath, port, baseImages, plainKeys, secretKeySet);
  }

  private static Set<String> sortedKeys(Set<String> keys, String kind) {
    TreeSet<String> sorted = new TreeSet<>();
    for (String key : keys == null ? Set.<String>of() : keys) {
      Objects.requireNonNull(key, kind + " key");
      if (!ENV_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            kind + " key must match [A-Za-z_][A-Za-z0-9_]*: " + printable(key));
      }
      sorted.add(key);
    }
    return Collections.unmodifiableSortedSet(sorted);
  }

  private static String printable(String key) {
    String shown = key.length() > 64 ? key.substring(0, 64) + "..." : key;
    return shown.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
