package io.deploymcp.ops.gc;

import io.deploymcp.registry.RegistryClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what the registry holds in the repositories the collector may touch: the catalog (paged),
 * each repository's tags resolved to digests (HEAD with the manifest and index media types), and,
 * when the storage directory is mounted, the untagged revisions.
 */
public final class RegistryInventory {
  private final RegistryClient registry;
  private final Optional<StorageRevisions> storage;

  public RegistryInventory(RegistryClient registry, Optional<StorageRevisions> storage) {
    this.registry = registry;
    this.storage = storage;
  }

  /** By repository: every {@code dp-*} and {@code cache/dp-*} repository of the catalog. */
  public Map<String, RepositoryContents> read() {
    Map<String, RepositoryContents> contents = new LinkedHashMap<>();
    for (String repository : registry.catalog()) {
      if (RepositoryNames.isServiceRepository(repository) || RepositoryNames.isCacheRepository(repository)) {
        contents.put(repository, read(repository));
      }
    }
    return contents;
  }

  private RepositoryContents read(String repository) {
    Map<String, Set<String>> tagsByDigest = new HashMap<>();
    for (String tag : registry.tags(repository)) {
      // A tag removed between the listing and this lookup is simply gone.
      registry.manifestDigest(repository, tag)
          .ifPresent(digest -> tagsByDigest.computeIfAbsent(digest, d -> new TreeSet<>()).add(tag));
    }
    Set<String> untagged = new TreeSet<>(storage.map(s -> s.of(repository)).orElse(Set.of()));
    untagged.removeAll(tagsByDigest.keySet());
    return new RepositoryContents(repository, tagsByDigest, untagged);
  }
}
