package io.deploymcp.ops.gc;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The manifests of one repository as the registry holds them.
 *
 * @param tagsByDigest every tagged manifest with its tags
 * @param untagged manifests no tag points at (read from the storage directory; the registry API
 *     cannot list them): superseded cache revisions, images whose tag moved, an index's children
 */
public record RepositoryContents(String repository, Map<String, Set<String>> tagsByDigest, Set<String> untagged) {

  public RepositoryContents {
    Map<String, Set<String>> copy = new TreeMap<>();
    tagsByDigest.forEach((digest, tags) -> copy.put(digest, Set.copyOf(new TreeSet<>(tags))));
    tagsByDigest = Map.copyOf(copy);
    untagged = Set.copyOf(untagged);
  }

  /** Every manifest digest, tagged or not, in a stable order. */
  public Set<String> digests() {
    Set<String> all = new TreeSet<>(tagsByDigest.keySet());
    all.addAll(untagged);
    return all;
  }

  public Set<String> tagsOf(String digest) {
    return tagsByDigest.getOrDefault(digest, Set.of());
  }
}
