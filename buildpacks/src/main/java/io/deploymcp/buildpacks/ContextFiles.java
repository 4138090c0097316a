package io.deploymcp.buildpacks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only view of a build context for detection. Symlinks are never followed: the build copies a
 * symlink as a symlink, and a link in a repo must not make the worker read its own files.
 */
final class ContextFiles {

  // Manifests are small; a bigger one is not worth reading into the worker's heap.
  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private final Path root;

  ContextFiles(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  boolean isFile(String relative) {
    return withoutLinks(relative)
        .map(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
        .orElse(false);
  }

  boolean isDirectory(String relative) {
    return withoutLinks(relative)
        .map(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
        .orElse(false);
  }

  /** The path, unless one of its components (a directory on the way, or itself) is a symlink. */
  private Optional<Path> withoutLinks(String relative) {
    Path path = root;
    for (Path component : Path.of(relative)) {
      path = path.resolve(component);
      if (Files.isSymbolicLink(path)) {
        return Optional.empty();
      }
    }
    return Optional.of(path);
  }

  /** The first of the names that is a regular file, if any. */
  Optional<String> firstFile(String... relatives) {
    for (String relative : relatives) {
      if (isFile(relative)) {
        return Optional.of(relative);
      }
    }
    return Optional.empty();
  }

  /** A manifest's text, or empty when it is not a regular file. */
  Optional<String> read(String relative) {
    if (!isFile(relative)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(root.resolve(relative), LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new BuildPlanException(
            BuildPlanException.Code.NO_BUILD_PLAN,
            relative + " is larger than " + (MAX_MANIFEST_BYTES >> 20) + " MiB",
            "Keep " + relative + " small, or build with build_pack=dockerfile.");
      }
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + relative + " of the build context", e);
    }
  }

  /** Names of the regular files directly in a directory of the context, sorted. */
  List<String> filesIn(String relativeDir) {
    return list(relativeDir, false);
  }

  /** Names of the directories directly in a directory of the context, sorted. */
  List<String> directoriesIn(String relativeDir) {
    return list(relativeDir, true);
  }

  private List<String> list(String relativeDir, boolean directories) {
    if (!relativeDir.isEmpty() && !isDirectory(relativeDir)) {
      return List.of();
    }
    Path dir = relativeDir.isEmpty() ? root : root.resolve(relativeDir);
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        boolean matches =
            directories
                ? Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                : Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
        if (matches) {
          names.add(entry.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + relativeDir + " of the build context", e);
    }
    names.sort(null);
    return names;
  }
}
