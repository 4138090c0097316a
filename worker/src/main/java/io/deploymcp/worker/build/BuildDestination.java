package io.deploymcp.worker.build;

import io.deploymcp.buildkit.build.BuildResult;
import io.deploymcp.buildkit.build.ImageExport;
import io.deploymcp.registry.RegistryAuth;
import io.deploymcp.registry.RegistryClient;
import io.deploymcp.registry.RegistryEndpoint;
import io.deploymcp.registry.RegistryErrorCode;
import io.deploymcp.registry.RegistryException;
import io.deploymcp.registry.RegistryHosts;
import io.deploymcp.registry.engine.DockerEngineImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a built image goes and how it gets there, which depends on the kind of BuildKit:
 * the Docker engine's built-in one can only hand the image to the engine ({@code moby}
 * exporter), which then pushes it; a standalone buildkitd pushes itself and can also import
 * and export a registry cache.
 */
sealed interface BuildDestination {
  /** Where images are pushed and looked up, and the name pod specs give them. */
  RegistryHosts hosts();

  RegistryEndpoint endpoint();

  Optional<RegistryAuth> auth();

  ImageExport export(ImageTags tags);

  /** The registry cache ref, where the builder supports one. */
  Optional<String> cacheRef(BuildInputs in);

  /** Gets the built image into the registry (if the export did not) and returns its digest. */
  String publish(ImageTags tags, BuildResult result, BuildLog buildLog);

  /** The repository pushes and the skip check use (REGISTRY_HOST). */
  default String repository(BuildInputs in) {
    return hosts().pushRepository(in.tenantName(), in.projectName(), in.serviceName());
  }

  /** The image the deployment runs: pushed with {@code digest}, named as kubelets pull it (REGISTRY_PULL_HOST). */
  default String runRef(BuildInputs in, String digest) {
    return hosts().pullRef(in.tenantName(), in.projectName(), in.serviceName(), digest);
  }

  default RegistryClient registry() {
    return new RegistryClient(endpoint(), auth());
  }

  /** The engine's built-in BuildKit: export to the engine, push through the engine API. */
  record ThroughEngine(Path socket, RegistryHosts hosts, RegistryEndpoint endpoint, Optional<RegistryAuth> auth)
      implements BuildDestination {
    @Override
    public ImageExport export(ImageTags tags) {
      return new ImageExport.MobyExport(List.of(tags.commitRef(), tags.configRef()));
    }

    /** None: the engine's exporter cannot write a registry cache (docs/buildkit.md). */
    @Override
    public Optional<String> cacheRef(BuildInputs in) {
      return Optional.empty();
    }

    @Override
    public String publish(ImageTags tags, BuildResult result, BuildLog buildLog) {
      if (auth.isPresent()) {
        // The engine retries a refused upload for about a minute: find out first.
        try (RegistryClient registry = registry()) {
          registry.verifyCredentials();
        }
      }
      try (DockerEngineImages engine = DockerEngineImages.connect(socket)) {
        buildLog.note("pushing " + tags.configRef());
        String digest = engine.push(tags.configRef(), auth);
        buildLog.note("pushing " + tags.commitRef());
        String again = engine.push(tags.commitRef(), auth);
        if (!digest.equals(again)) {
          throw new RegistryException(
              RegistryErrorCode.PUSH_FAILED,
              "the two tags of one build were pushed with different digests",
              "Deploy again.");
        }
        // The engine keeps the image as a cache for the next build of this service; only the
        // config tag goes, so the engine does not keep one tag per configuration forever.
        engine.remove(tags.configRef());
        return digest;
      }
    }
  }

  /** A standalone buildkitd: it pushes the image and a registry cache itself. */
  record FromBuildKit(RegistryHosts hosts, RegistryEndpoint endpoint, Optional<RegistryAuth> auth)
      implements BuildDestination {
    @Override
    public ImageExport export(ImageTags tags) {
      return new ImageExport.RegistryExport(
          List.of(tags.commitRef(), tags.configRef()), true, endpoint.plainHttp());
    }

    @Override
    public Optional<String> cacheRef(BuildInputs in) {
      return Optional.of(hosts.cacheRef(in.tenantName(), in.projectName(), in.serviceName()));
    }

    @Override
    public String publish(ImageTags tags, BuildResult result, BuildLog buildLog) {
      return result
          .imageDigest()
          .orElseThrow(
              () ->
                  new RegistryException(
                      RegistryErrorCode.PUSH_FAILED,
                      "BuildKit finished without reporting the pushed image's digest",
                      "Deploy again; if it persists, check the buildkitd version (v0.8 or newer)."));
    }
  }
}
