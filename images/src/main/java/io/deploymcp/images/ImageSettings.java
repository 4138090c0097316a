package io.deploymcp.images;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What bin/images reads from the environment, checked up front so a typo fails before any layer
 * is built.
 *
 * @param registryHost REGISTRY_HOST: where both images are pushed (host[:port], no scheme)
 * @param tag DP_IMAGE_TAG: the tag of both images (bin/images passes the 12-character commit)
 * @param base DP_IMAGE_BASE: the base image, default {@code $REGISTRY_HOST/base/jre:1}
 * @param java DP_IMAGE_JAVA: the java launcher in the base (default where base/jre and the
 *     official eclipse-temurin images keep it)
 * @param insecure plain http (or unverified TLS) allowed: REGISTRY_INSECURE=true, or both the
 *     push registry and the base image's registry on loopback
 * @param username REGISTRY_USERNAME for the push registry (with REGISTRY_PASSWORD), if any
 * @param password REGISTRY_PASSWORD
 */
public record ImageSettings(
    String registryHost,
    String tag,
    String base,
    String java,
    boolean insecure,
    Optional<String> username,
    Optional<String> password) {

  public static final String DEFAULT_JAVA = "/opt/java/openjdk/bin/java";
  // Docker's rules: registry host[:port]; tag of up to 128 word characters, dots and dashes.
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  @Override
  public String toString() {
    // The password never reaches a log line.
    return "ImageSettings[registryHost=" + registryHost + ", tag=" + tag + ", base=" + base + ", java=" + java
        + ", insecure=" + insecure + ", username=" + username.orElse("-") + "]";
  }

  public static ImageSettings fromEnvironment(Map<String, String> env) {
    String registry = value(env, "REGISTRY_HOST")
        .orElseThrow(() -> new SettingsException(
            "REGISTRY_HOST is not set: the registry to push deploy-mcp/api and deploy-mcp/worker to, e.g. 127.0.0.1:5000"));
    if (!HOST.matcher(registry).matches()) {
      throw new SettingsException("REGISTRY_HOST must be host[:port] without scheme or path (got '" + registry
          + "'), e.g. 127.0.0.1:5000 or registry.example.com");
    }
    String tag = value(env, "DP_IMAGE_TAG")
        .orElseThrow(() -> new SettingsException("DP_IMAGE_TAG is not set (bin/images sets it to git rev-parse --short=12 HEAD)"));
    if (!TAG.matcher(tag).matches()) {
      throw new SettingsException("DP_IMAGE_TAG '" + tag + "' is not a valid image tag (letters, digits, _ . -, at most 128)");
    }
    String base = value(env, "DP_IMAGE_BASE").orElse(registry + "/base/jre:1");
    String java = value(env, "DP_IMAGE_JAVA").orElse(DEFAULT_JAVA);
    if (!java.startsWith("/")) {
      throw new SettingsException("DP_IMAGE_JAVA must be an absolute path in the base image (got '" + java
          + "'): the images run java directly, without a shell to search PATH");
    }
    boolean insecure = switch (value(env, "REGISTRY_INSECURE").orElse("false").toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> isLoopback(registry) && isLoopback(registryOf(base));
      default -> throw new SettingsException("REGISTRY_INSECURE must be true or false (got '" + env.get("REGISTRY_INSECURE") + "')");
    };
    Optional<String> username = value(env, "REGISTRY_USERNAME");
    Optional<String> password = value(env, "REGISTRY_PASSWORD");
    if (username.isPresent() != password.isPresent()) {
      throw new SettingsException("set both REGISTRY_USERNAME and REGISTRY_PASSWORD, or neither");
    }
    return new ImageSettings(registry, tag, base, java, insecure, username, password);
  }

  public String apiReference() {
    return registryHost + "/deploy-mcp/api:" + tag;
  }

  public String workerReference() {
    return registryHost + "/deploy-mcp/worker:" + tag;
  }

  public String opsReference() {
    return registryHost + "/deploy-mcp/ops:" + tag;
  }

  /** The registry part of an image reference, as Docker reads it ("docker.io" when there is none). */
  static String registryOf(String reference) {
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return "docker.io";
    }
    String first = reference.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
  }

  static boolean isLoopback(String registry) {
    String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
        : registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
    return host.equals("localhost") || host.equals("[::1]") || host.matches("127\\.[0-9]+\\.[0-9]+\\.[0-9]+");
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** A setting that is missing or wrong: the message says which and what to set. */
  public static final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
      super(message);
    }
  }
}
