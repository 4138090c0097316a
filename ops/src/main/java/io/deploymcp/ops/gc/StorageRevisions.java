package io.deploymcp.ops.gc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The manifest revisions of a repository, read from the registry's storage directory
 * (REGISTRY_STORAGE_ROOT, the filesystem driver's {@code rootdirectory}; read-only is enough):
 * {@code docker/registry/v2/repositories/<repo>/_manifests/revisions/sha256/<hex>/link}. This is
 * the only place untagged manifests show up; the registry API lists tags only. A deleted manifest
 * loses its {@code link} and keeps an empty directory, so only revisions with a link count.
 */
public final class StorageRevisions {
  private final Path repositories;

  private StorageRevisions(Path repositories) {
    this.repositories = repositories;
  }

  /**
   * @throws IllegalArgumentException when {@code root} is not a registry's storage directory (an
   *     empty one is: a registry nothing was pushed to yet)
   */
  public static StorageRevisions at(Path root) {
    Path repositories = root.resolve("docker/registry/v2/repositories");
    if (!Files.isDirectory(root.resolve("docker/registry/v2")) && !isEmpty(root)) {
      throw new IllegalArgumentException("REGISTRY_STORAGE_ROOT=" + root + " is not the registry's storage directory"
          + " (no docker/registry/v2 in it): mount the registry's rootdirectory there, read-only");
    }
    return new StorageRevisions(repositories);
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Digests of the repository's manifests; empty when the repository has no directory. */
  public Set<String> of(String repository) {
    Path revisions = repositories.resolve(repository).resolve("_manifests/revisions/sha256");
    Set<String> digests = new TreeSet<>();
    if (!Files.isDirectory(revisions)) {
      return digests;
    }
    try (Stream<Path> entries = Files.list(revisions)) {
      entries.filter(dir -> Files.isRegularFile(dir.resolve("link")))
          .map(dir -> "sha256:" + dir.getFileName())
          .filter(RepositoryNames::isDigest)
          .forEach(digests::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + revisions, e);
    }
    return digests;
  }
}
