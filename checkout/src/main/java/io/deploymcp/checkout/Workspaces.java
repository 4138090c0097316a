package io.deploymcp.checkout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-deployment workspace directories under one root. A checkout creates its workspace; the
 * caller removes it when the build is done, always (in a finally block); {@link #sweep} clears
 * what a crashed worker left behind.
 */
public final class Workspaces {
  private static final Logger log = LoggerFactory.getLogger(Workspaces.class);

  private Workspaces() {}

  /** The workspace directory of {@code name} under {@code root}; nothing is created. */
  public static Path pathFor(Path root, String name) {
    Path workspace = root.resolve(name).normalize();
    Path parent = workspace.getParent() == null ? Path.of("") : workspace.getParent();
    if (name.isEmpty() || !parent.equals(root.normalize())) {
      throw new IllegalArgumentException("workspace name '" + name + "' is not a plain directory name");
    }
    return workspace;
  }

  /**
   * Deletes a workspace and everything in it, without following symbolic links (a link in a
   * repository must not make us delete its target). Never throws, so it can sit in a finally
   * block: a workspace that cannot be removed is logged and left for {@link #sweep}.
   *
   * @return true when the directory is gone
   */
  public static boolean remove(Path workspace) {
    try {
      deleteTree(workspace);
      return true;
    } catch (IOException | RuntimeException e) {
      log.warn("could not remove workspace {}: {}", workspace, e.toString());
      return !Files.exists(workspace, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /**
   * Removes every workspace under {@code root} last modified more than {@code olderThan} ago:
   * the leftovers of a worker that died mid-build. Run it at worker start and now and then.
   *
   * @return how many workspaces were removed
   */
  public static int sweep(Path root, Duration olderThan) {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    Instant cutoff = Instant.now().minus(olderThan);
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        Instant modified =
            Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant();
        if (modified.isBefore(cutoff) && remove(entry)) {
          removed++;
        }
      }
    } catch (IOException e) {
      log.warn("could not sweep workspaces under {}: {}", root, e.toString());
    }
    if (removed > 0) {
      log.info("removed {} stale workspace(s) under {}", removed, root);
    }
    return removed;
  }

  /** Deletes a directory tree (or a single file or link); absent is fine. */
  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // walkFileTree does not follow links by default: a link is visited as a file and deleted.
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
