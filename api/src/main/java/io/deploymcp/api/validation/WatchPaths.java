package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Paths (directories or files, relative to the repository root) besides root_dir whose
 * changes trigger a webhook deploy, e.g. a shared library of a monorepo. Plain prefixes, not
 * globs: "libs/common" matches "libs/common/x.ts". Duplicates are dropped, order kept.
 */
public record WatchPaths(List<String> values) {
  public static final int MAX_PATHS = 50;
  private static final String FIELD = "watch_paths";

  public WatchPaths {
    values = List.copyOf(values);
  }

  public static WatchPaths empty() {
    return new WatchPaths(List.of());
  }

  public static WatchPaths parse(List<String> raw) {
    if (raw == null) {
      return empty();
    }
    if (raw.size() > MAX_PATHS) {
      throw new ValidationException(
          ProblemCode.INVALID_PATH, FIELD, raw.size() + " watch_paths exceed the limit of " + MAX_PATHS,
          "Watch a common parent directory instead of many small ones.");
    }
    Set<String> paths = new LinkedHashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String path = raw.get(i);
      String normalized = path == null ? null : RepoPaths.normalize(path);
      if (normalized == null || normalized.isEmpty()) {
        throw new ValidationException(
            ProblemCode.INVALID_PATH, FIELD + "[" + i + "]",
            "watch_paths[" + i + "] '" + ServiceName.printable(String.valueOf(path)) + "' is not a relative path inside the repository",
            "Use paths relative to the repository root without '..', e.g. \"libs/common\".");
      }
      if (normalized.chars().anyMatch(c -> c == '*' || c == '?' || c == '[')) {
        throw new ValidationException(
            ProblemCode.INVALID_PATH, FIELD + "[" + i + "]",
            "watch_paths[" + i + "] '" + ServiceName.printable(path) + "' is a glob; watch paths are plain prefixes",
            "Name the directory instead, e.g. \"libs/common\" for libs/common/**.");
      }
      paths.add(normalized);
    }
    return new WatchPaths(new ArrayList<>(paths));
  }

  /** True when a changed file lies under one of the paths. */
  public boolean matches(String file) {
    return values.stream().anyMatch(p -> RepoPaths.isUnder(file, p));
  }
}
