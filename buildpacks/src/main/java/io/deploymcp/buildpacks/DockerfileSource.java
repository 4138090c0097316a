package io.deploymcp.buildpacks;

import java.nio.file.Path;
import java.util.Objects;

/** Where a plan's Dockerfile comes from: the repo, or text this module generated. */
public sealed interface DockerfileSource {

  /**
   * The repo's own Dockerfile (symlinks inside the context already resolved).
   *
   * @param dir the directory the frontend's {@code dockerfile} local is served from
   * @param fileName the frontend's {@code filename} attribute
   * @param relativePath the file relative to the build context, for logs and errors
   */
  record Repository(Path dir, String fileName, String relativePath) implements DockerfileSource {
    public Repository {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(relativePath, "relativePath");
    }
  }

  /** A generated Dockerfile; the worker writes it to a directory outside the build context. */
  record Generated(String text) implements DockerfileSource {
    public Generated {
      Objects.requireNonNull(text, "text");
    }
  }
}
