package io.deploymcp.ops.gc;

import java.util.Set;

/** The manifests an index names (empty for an image manifest): kept with the index. */
@FunctionalInterface
public interface IndexChildren {
  Set<String> of(String repository, String digest);
}
