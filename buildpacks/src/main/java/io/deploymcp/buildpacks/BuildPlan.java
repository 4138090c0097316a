package io.deploymcp.buildpacks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to build one build context with BuildKit's {@code dockerfile.v0} frontend. Every pack ends in
 * a Dockerfile, so the worker has one build path: sync {@code contextDir} as the {@code context}
 * local and {@link #dockerfileLocation} as the {@code dockerfile} local, pass the plain values of
 * {@link #buildArgKeys} as {@code build-arg:KEY} attributes, and serve {@link #secretKeys} from the
 * session's secrets service.
 *
 * @param pack the pack that was asked for
 * @param provider what the plan builds with
 * @param detectedFrom the files (relative to the context) the plan was decided by
 * @param contextDir the build context (the checkout, or its {@code root_dir})
 * @param dockerfile the repo's Dockerfile or the generated text
 * @param contextExcludes top-level paths of the context the worker leaves out when it syncs the
 *     context (on top of the repo's {@code .dockerignore}, which the frontend applies itself); e.g.
 *     {@code .git}, so a static site never serves the repository's history
 * @param port the port the image listens on ({@code ENV PORT}); the dockerfile pack cannot know
 * @param buildArgKeys keys whose plain values go in as build args
 * @param secretKeys keys whose values are served as BuildKit secrets
 */
public record BuildPlan(
    BuildPack pack,
    Provider provider,
    List<String> detectedFrom,
    Path contextDir,
    DockerfileSource dockerfile,
    List<String> contextExcludes,
    int port,
    Set<String> buildArgKeys,
    Set<String> secretKeys) {

  /** The file name generated Dockerfiles get in the scratch directory. */
  public static final String GENERATED_FILE_NAME = "Dockerfile";

  public BuildPlan {
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(contextDir, "contextDir");
    Objects.requireNonNull(dockerfile, "dockerfile");
    detectedFrom = List.copyOf(detectedFrom);
    contextExcludes = List.copyOf(contextExcludes);
    buildArgKeys = Set.copyOf(buildArgKeys);
    secretKeys = Set.copyOf(secretKeys);
  }

  /** The generated Dockerfile's text; empty for the dockerfile pack. */
  public Optional<String> generatedDockerfile() {
    return dockerfile instanceof DockerfileSource.Generated generated
        ? Optional.of(generated.text())
        : Optional.empty();
  }

  /** The frontend's {@code filename} attribute. */
  public String dockerfileName() {
    return switch (dockerfile) {
      case DockerfileSource.Repository repository -> repository.fileName();
      case DockerfileSource.Generated generated -> GENERATED_FILE_NAME;
    };
  }

  /**
   * Where the frontend reads the Dockerfile. For a generated plan this writes the text to {@code
   * scratchDir/Dockerfile}; {@code scratchDir} must lie outside the build context, so nothing is
   * added to what the build copies. For the dockerfile pack nothing is written.
   */
  public DockerfileLocation dockerfileLocation(Path scratchDir) throws IOException {
    return switch (dockerfile) {
      case DockerfileSource.Repository repository ->
          new DockerfileLocation(repository.dir(), repository.fileName());
      case DockerfileSource.Generated generated -> {
        Path scratch = scratchDir.toAbsolutePath().normalize();
        if (scratch.startsWith(contextDir.toAbsolutePath().normalize())) {
          throw new IllegalArgumentException(
              "the Dockerfile scratch directory is inside the context");
        }
        Files.createDirectories(scratch);
        Files.writeString(scratch.resolve(GENERATED_FILE_NAME), generated.text());
        yield new DockerfileLocation(scratch, GENERATED_FILE_NAME);
      }
    };
  }

  /**
   * A stable fingerprint of everything in the plan that shapes the image: the generated text (or
   * the repo Dockerfile's path), the env keys, the excludes and the port. Secret values are never
   * part of it and neither are plain values: the worker adds a digest of the plain values (and the
   * commit) to its build-configuration key itself.
   */
  public String planHash() {
    StringBuilder canonical = new StringBuilder("deploy-mcp build plan v1\n");
    canonical.append("pack=").append(pack.wireName()).append('\n');
    canonical.append("provider=").append(provider.id()).append('\n');
    switch (dockerfile) {
      case DockerfileSource.Repository repository ->
          canonical.append("dockerfile=").append(repository.relativePath()).append('\n');
      case DockerfileSource.Generated generated ->
          canonical
              .append("generated=")
              .append(generated.text().length())
              .append('\n')
              .append(generated.text())
              .append('\n');
    }
    canonical.append("port=").append(port).append('\n');
    canonical.append("build-args=").append(String.join(",", sorted(buildArgKeys))).append('\n');
    canonical.append("secrets=").append(String.join(",", sorted(secretKeys))).append('\n');
    canonical.append("excludes=").append(String.join(",", contextExcludes)).append('\n');
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
