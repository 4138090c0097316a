package io.deploymcp.buildkit.filesync;

import java.util.List;

/**
 * What the daemon asked for in a DiffCopy call's metadata. {@code null} means "not sent", which
 * differs from an empty list for includes (fsutil: no include list means everything).
 */
record WalkOptions(List<String> includes, List<String> excludes, List<String> followPaths) {
  static final WalkOptions ALL = new WalkOptions(null, null, null);

  WalkOptions {
    includes = includes == null ? null : List.copyOf(includes);
    excludes = excludes == null ? null : List.copyOf(excludes);
    followPaths = followPaths == null ? null : List.copyOf(followPaths);
  }
}
