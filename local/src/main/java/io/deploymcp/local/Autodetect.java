package io.deploymcp.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * "The local stack uses what the machine has": the Docker engine's BuildKit, the loopback
 * registry the README names, the base images bin/base-images pushed there, and a k3s on this
 * machine. A variable set by hand always wins (nothing is probed for it); DP_AUTODETECT=false
 * turns all of it off; finding nothing leaves a component not configured, as without this.
 * The probes run at once; where nothing listens they fail at once (no socket file, a refused
 * loopback connection), and a deadline bounds one that hangs, so an empty machine costs well
 * under a second.
 */
final class Autodetect {
  /** Where bin/base-images pushes and the README starts the registry. */
  static final String REGISTRY = "127.0.0.1:5000";
  /** Per probe. Generous for loopback because a cold JVM's first request on a busy machine is slow. */
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  /**
   * A base image bin/base-images makes, and the variable of the build packs that use it. The
   * Java pack is not here on purpose: it builds with mvn/gradle, sh, ls and grep in its base,
   * and bin/base-images' base/jre is a shell-less runtime for the platform's own images.
   */
  record BaseImage(String variable, String repository) {}

  static final List<BaseImage> BASE_IMAGES = List.of(
      new BaseImage("DP_BASE_IMAGE_STATIC", "base/busybox"),
      new BaseImage("DP_BASE_IMAGE_NODE", "base/node"),
      new BaseImage("DP_BASE_IMAGE_PYTHON", "base/python"));

  /**
   * Where to look.
   *
   * @param dockerSocket the engine's socket: DOCKER_HOST when it is {@code unix://...}, else /var/run/docker.sock
   * @param registry {@code host:port} of the registry to look for
   * @param k3sKubeconfig DP_K3S_KUBECONFIG, else /etc/rancher/k3s/k3s.yaml
   */
  record Places(Path dockerSocket, String registry, Path k3sKubeconfig, Duration timeout) {}

  private static final Pattern HOST_PORT =
      Pattern.compile("([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

  private static final Executor PROBES = command -> Thread.ofVirtual().name("autodetect").start(command);

  private Autodetect() {}

  static Detection detect(Map<String, String> env, Places places) {
    long start = System.nanoTime();
    CompletableFuture<Optional<Finding>> buildkit =
        async(() -> set(env, "BUILDKIT_HOST") ? Optional.empty() : Optional.of(engine(places)));
    CompletableFuture<List<Finding>> registry = async(() -> registryAndBaseImages(env, places));
    CompletableFuture<Optional<Finding>> kubernetes =
        async(() -> set(env, "KUBECONFIG") ? Optional.empty() : Optional.of(K3sKubeconfig.inspect(places.k3sKubeconfig())));
    List<Finding> findings = new ArrayList<>();
    buildkit.join().ifPresent(findings::add);
    findings.addAll(registry.join());
    kubernetes.join().ifPresent(findings::add);
    return new Detection(findings, Optional.of(Duration.ofNanos(System.nanoTime() - start)));
  }

  private static Finding engine(Places places) {
    String failure = EngineProbe.ping(places.dockerSocket(), places.timeout());
    if (failure != null) {
      return Finding.nothing("BuildKit", failure);
    }
    return Finding.found("BuildKit", Map.of("BUILDKIT_HOST", "docker://" + places.dockerSocket()),
        "detected: the Docker engine at " + places.dockerSocket() + " answers _ping");
  }

  private static List<Finding> registryAndBaseImages(Map<String, String> env, Places places) {
    List<Finding> findings = new ArrayList<>();
    String registry;
    if (set(env, "REGISTRY_HOST")) {
      registry = env.get("REGISTRY_HOST").strip();
      boolean wanted = BASE_IMAGES.stream().anyMatch(b -> !set(env, b.variable()));
      if (wanted && !HOST_PORT.matcher(registry).matches()) {
        // Not echoed: a malformed value might carry a credential.
        findings.add(Finding.nothing("base images", "REGISTRY_HOST is not host[:port], so no base image was looked for"));
        return findings;
      }
      String failure = wanted ? new RegistryProbe(registry, places.timeout()).answers() : null;
      if (failure != null) {
        findings.add(Finding.nothing("base images", failure + ", so no base image was looked for there"));
        return findings;
      }
    } else {
      String failure = new RegistryProbe(places.registry(), places.timeout()).answers();
      if (failure != null) {
        findings.add(Finding.nothing("registry", failure));
        return findings;
      }
      registry = places.registry();
      findings.add(Finding.found("registry", Map.of("REGISTRY_HOST", registry),
          "detected: a registry answers /v2/ at " + registry));
    }
    baseImages(env, registry, places.timeout()).ifPresent(findings::add);
    return findings;
  }

  /** The base images found in {@code registry} (known to answer) for every DP_BASE_IMAGE_* not set by hand. */
  private static Optional<Finding> baseImages(Map<String, String> env, String registry, Duration timeout) {
    List<BaseImage> wanted = BASE_IMAGES.stream().filter(b -> !set(env, b.variable())).toList();
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    RegistryProbe probe = new RegistryProbe(registry, timeout);
    List<CompletableFuture<OptionalInt>> tags =
        wanted.stream().map(b -> async(() -> probe.newestNumberedTag(b.repository()))).toList();
    Map<String, String> variables = new LinkedHashMap<>();
    List<String> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      BaseImage image = wanted.get(i);
      OptionalInt tag = tags.get(i).join();
      if (tag.isPresent()) {
        variables.put(image.variable(), registry + "/" + image.repository() + ":" + tag.getAsInt());
        found.add(image.repository() + ":" + tag.getAsInt());
      } else {
        missing.add(image.repository());
      }
    }
    String notThere = missing.isEmpty() ? "" : "; not there: " + String.join(", ", missing) + " (bin/base-images makes them)";
    if (variables.isEmpty()) {
      return Optional.of(Finding.nothing("base images", "none of " + String.join(", ", missing) + " is in " + registry
          + " (bin/base-images makes them)"));
    }
    return Optional.of(Finding.found("base images", variables,
        "detected in " + registry + ": " + String.join(", ", found) + notThere));
  }

  static boolean set(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  private static <T> CompletableFuture<T> async(Supplier<T> probe) {
    return CompletableFuture.supplyAsync(probe, PROBES);
  }
}
