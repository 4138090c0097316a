package io.deploymcp.images;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * bin/images: builds deploy-mcp/api, deploy-mcp/worker and deploy-mcp/ops from this repository's
 * jars and pushes them to REGISTRY_HOST. Prints one line per image on stdout, {@code <repository>:<tag>
 * <repository>@<digest>}; progress goes to stderr.
 *
 * <p>Arguments: {@code api}, {@code worker}, {@code ops} (default all three). Environment: see {@link ImageSettings},
 * DP_REPO_ROOT (default: the working directory), DP_IMAGE_CACHE (Jib's layer cache, default
 * ~/.cache/deploy-mcp/jib).
 */
public final class ImagesMain {
  private ImagesMain() {}

  public static void main(String[] args) {
    try {
      for (String line : run(System.getenv(), args)) {
        System.out.println(line);
      }
    } catch (ImageSettings.SettingsException | PlatformImages.ImageBuildException e) {
      System.err.println("images: ERROR: " + e.getMessage());
      System.exit(1);
    } catch (IllegalArgumentException e) {
      System.err.println("images: ERROR: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Builds what {@code args} names and returns the lines to print. */
  static List<String> run(Map<String, String> env, String... args) throws PlatformImages.ImageBuildException {
    Set<String> wanted = new LinkedHashSet<>(List.of(args));
    if (wanted.isEmpty()) {
      wanted.addAll(List.of("api", "worker", "ops"));
    }
    for (String w : wanted) {
      if (!List.of("api", "worker", "ops").contains(w)) {
        throw new IllegalArgumentException("unknown image '" + w + "' (api, worker or ops)");
      }
    }
    ImageSettings settings = ImageSettings.fromEnvironment(env);
    Path root = Path.of(env.getOrDefault("DP_REPO_ROOT", ".")).toAbsolutePath().normalize();
    Path cache = env.containsKey("DP_IMAGE_CACHE") && !env.get("DP_IMAGE_CACHE").isBlank()
        ? Path.of(env.get("DP_IMAGE_CACHE"))
        : Path.of(System.getProperty("user.home"), ".cache", "deploy-mcp", "jib");
    System.err.println("images: base " + settings.base() + ", pushing to " + settings.registryHost()
        + (settings.insecure() ? " (plain http allowed)" : ""));
    PlatformImages images = new PlatformImages(settings, cache, line -> System.err.println("images: " + line));
    List<String> out = new ArrayList<>();
    for (String w : wanted) {
      BuiltImage built = switch (w) {
        case "api" -> images.api(root.resolve("api/target/quarkus-app"));
        case "worker" -> images.worker(root.resolve("worker/target/worker.jar"));
        default -> images.ops(root.resolve("ops/target"));
      };
      out.add(built.reference() + " " + built.pinned());
    }
    return out;
  }
}
