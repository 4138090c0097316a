package io.deploymcp.buildpacks;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The base images generated Dockerfiles start from: operator configuration, read from the
 * environment by the worker. Nothing defaults to a public registry: an unset image is null, and a
 * plan that needs it fails with {@code BASE_IMAGE_NOT_CONFIGURED} naming the variable.
 *
 * @param node a Node.js image with npm (and corepack for yarn/pnpm): {@code DP_BASE_IMAGE_NODE}
 * @param python a CPython image with {@code python3 -m venv}: {@code DP_BASE_IMAGE_PYTHON}
 * @param go a Go toolchain image: {@code DP_BASE_IMAGE_GO}
 * @param java a JDK image with {@code sh}, {@code ls} and {@code grep}: {@code DP_BASE_IMAGE_JAVA}
 * @param staticServer an image with {@code busybox} (its {@code httpd} applet) on PATH: {@code
 *     DP_BASE_IMAGE_STATIC}
 * @param goRuntime optional small image the Go binary runs on: {@code DP_BASE_IMAGE_GO_RUNTIME};
 *     when unset the binary runs on the {@code go} image itself
 */
public record BaseImages(
    String node, String python, String go, String java, String staticServer, String goRuntime) {

  public static final String NODE_VARIABLE = "DP_BASE_IMAGE_NODE";
  public static final String PYTHON_VARIABLE = "DP_BASE_IMAGE_PYTHON";
  public static final String GO_VARIABLE = "DP_BASE_IMAGE_GO";
  public static final String JAVA_VARIABLE = "DP_BASE_IMAGE_JAVA";
  public static final String STATIC_VARIABLE = "DP_BASE_IMAGE_STATIC";
  public static final String GO_RUNTIME_VARIABLE = "DP_BASE_IMAGE_GO_RUNTIME";

  // A reference goes into a FROM line verbatim: one token, nothing that could start a new line.
  private static final Pattern IMAGE_REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]*");

  public BaseImages {
    node = checked(NODE_VARIABLE, node);
    python = checked(PYTHON_VARIABLE, python);
    go = checked(GO_VARIABLE, go);
    java = checked(JAVA_VARIABLE, java);
    staticServer = checked(STATIC_VARIABLE, staticServer);
    goRuntime = checked(GO_RUNTIME_VARIABLE, goRuntime);
  }

  /** Nothing configured: only the dockerfile pack can plan. */
  public static BaseImages none() {
    return new BaseImages(null, null, null, null, null, null);
  }

  /** Reads the {@code DP_BASE_IMAGE_*} variables, e.g. {@code fromEnvironment(System.getenv())}. */
  public static BaseImages fromEnvironment(Map<String, String> environment) {
    return new BaseImages(
        environment.get(NODE_VARIABLE),
        environment.get(PYTHON_VARIABLE),
        environment.get(GO_VARIABLE),
        environment.get(JAVA_VARIABLE),
        environment.get(STATIC_VARIABLE),
        environment.get(GO_RUNTIME_VARIABLE));
  }

  String require(String variable, String image, Provider provider) {
    if (image == null) {
      throw new BuildPlanException(
          BuildPlanException.Code.BASE_IMAGE_NOT_CONFIGURED,
          "the " + provider.id() + " build needs a base image, and " + variable + " is not set",
          "The operator sets "
              + variable
              + " on the worker to an image in a registry BuildKit can pull from, e.g. "
              + "registry.internal:5000/base/"
              + provider.id()
              + ":<version>. Or build with build_pack=dockerfile.");
    }
    return image;
  }

  private static String checked(String variable, String image) {
    if (image == null || image.isBlank()) {
      return null;
    }
    String trimmed = image.strip();
    if (!IMAGE_REFERENCE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(variable + " is not an image reference: " + trimmed);
    }
    return trimmed;
  }
}
