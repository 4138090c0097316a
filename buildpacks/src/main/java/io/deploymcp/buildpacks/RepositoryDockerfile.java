package io.deploymcp.buildpacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The dockerfile pack: the repo's Dockerfile at {@code dockerfile_path}, relative to the build
 * context. The path may not leave the context, neither by {@code ..}, by being absolute, nor
 * through a symlink; a symlink inside the context is resolved, because the frontend reads the file
 * from the synced directory, where a link would point nowhere.
 */
final class RepositoryDockerfile {

  private static final int MAX_SUGGESTIONS = 8;
  private static final int SEARCH_DEPTH = 3;
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", ".venv", "vendor");

  private RepositoryDockerfile() {}

  static BuildPlan plan(Path contextDir, PlanOptions options) {
    String configured = options.dockerfilePath();
    Path context;
    try {
      context = contextDir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("resolving the build context", e);
    }
    Path relative;
    try {
      relative = Path.of(configured).normalize();
    } catch (InvalidPathException e) {
      throw outside(configured);
    }
    if (relative.isAbsolute()
        || configured.startsWith("/")
        || relative.toString().isEmpty()
        || relative.startsWith("..")) {
      throw outside(configured);
    }
    Path candidate = context.resolve(relative);
    if (!Files.exists(candidate)) {
      if (Files.isSymbolicLink(candidate)) {
        throw outside(configured);
      }
      throw notFound(
          context,
          configured,
          "there is no file " + printable(configured) + " in the build context");
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("resolving the Dockerfile path", e);
    }
    if (!real.startsWith(context)) {
      throw outside(configured);
    }
    if (!Files.isRegularFile(real)) {
      throw notFound(context, configured, printable(configured) + " is a directory, not a file");
    }
    String relativePath = context.relativize(real).toString();
    return new BuildPlan(
        BuildPack.DOCKERFILE,
        Provider.DOCKERFILE,
        List.of(relativePath),
        contextDir,
        new DockerfileSource.Repository(
            real.getParent(), real.getFileName().toString(), relativePath),
        List.of(),
        options.port(),
        options.buildArgKeys(),
        options.secretKeys());
  }

  private static BuildPlanException outside(String configured) {
    return new BuildPlanException(
        BuildPlanException.Code.DOCKERFILE_NOT_FOUND,
        "dockerfile_path " + printable(configured) + " is not a file inside the build context",
        "Set dockerfile_path relative to the build context (root_dir), e.g. Dockerfile or"
            + " docker/Dockerfile: no leading /, no .., no symlink out of the repository.");
  }

  private static BuildPlanException notFound(Path context, String configured, String message) {
    List<String> found = dockerfilesIn(context);
    String hint =
        found.isEmpty()
            ? "Commit a Dockerfile at "
                + printable(configured)
                + " (relative to root_dir), or use build_pack=railpack to detect the language."
            : "Set dockerfile_path to one of the Dockerfiles in the build context: "
                + String.join(", ", found)
                + ".";
    return new BuildPlanException(BuildPlanException.Code.DOCKERFILE_NOT_FOUND, message, hint);
  }

  /** Dockerfile-like files near the top of the context, for the hint. */
  private static List<String> dockerfilesIn(Path context) {
    List<String> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          context,
          Set.of(),
          SEARCH_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              return !dir.equals(context) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
              if (attributes.isRegularFile()
                  && (name.equals("dockerfile")
                      || name.startsWith("dockerfile.")
                      || name.endsWith(".dockerfile"))) {
                found.add(context.relativize(file).toString());
              }
              return found.size() >= MAX_SUGGESTIONS
                  ? FileVisitResult.TERMINATE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      return List.of();
    }
    found.sort(null);
    return found;
  }

  static String printable(String path) {
    String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
    return "'" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
  }
}
