package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;

/**
 * The Dockerfile of build pack {@code dockerfile}, relative to {@code root_dir} (the build
 * context): a file path inside the repository, never absolute and never through '..'.
 */
public record DockerfilePath(String value) {
  public static final String DEFAULT = "Dockerfile";

  public DockerfilePath {
    String normalized = value == null || value.endsWith("/") ? null : RepoPaths.normalize(value);
    if (normalized == null || normalized.isEmpty()) {
      throw new ValidationException(
          ProblemCode.INVALID_PATH,
          "dockerfile_path",
          "dockerfile_path '" + ServiceName.printable(String.valueOf(value)) + "' is not a relative file path inside the repository",
          "Use a path relative to root_dir without '..', e.g. \"Dockerfile\" or \"docker/Dockerfile.prod\".");
    }
  }

  public static DockerfilePath orDefault(String raw) {
    return new DockerfilePath(raw == null ? DEFAULT : raw);
  }
}
