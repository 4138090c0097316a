package io.deploymcp.buildkit.filesync;

import io.deploymcp.buildkit.proto.fsutil.Stat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The sender's side of an fsutil walk: every entry below a root (the root itself excluded) as a
 * {@link Stat}, in the order the receiver validates — depth first, names of one directory in
 * byte order, parents before children — with fsutil's include/exclude/followpaths filtering.
 * Symlinks are sent as links (never followed); a second name of a hard-linked file is sent
 * with the first name in {@code linkname}. Extended attributes are not sent.
 */
final class TreeWalker {
  /** One walked entry: its wire stat and where its content is read from. */
  record Entry(Stat stat, Path file) {}

  private static final String UNIX_ATTRIBUTES = "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime,rdev";

  private final Path root;
  private final List<String> includes;
  private final ExcludePatterns excludes;
  private final Map<String, String> hardLinks = new HashMap<>();
  private final List<Entry> entries = new ArrayList<>();
  private String lastIncludedDir;

  private TreeWalker(Path root, List<String> includes, ExcludePatterns excludes) {
    this.root = root;
    this.includes = includes;
    this.excludes = excludes;
  }

  static List<Entry> walk(Path dir, WalkOptions options) throws IOException {
    Path root = dir.toRealPath();
    if (!Files.isDirectory(root)) {
      throw new NotDirectoryException(dir.toString());
    }
    List<String> includes = null;
    if (options.includes() != null) {
      includes = new ArrayList<>(options.includes().stream().map(PathNames::clean).toList());
    }
    if (options.followPaths() != null && !options.followPaths().isEmpty()) {
      Set<String> merged = new LinkedHashSet<>(includes == null ? List.of() : includes);
      merged.addAll(followLinks(root, options.followPaths()));
      includes = new ArrayList<>(merged);
    }
    ExcludePatterns excludes = options.excludes() == null ? null : ExcludePatterns.compile(options.excludes());
    TreeWalker walker = new TreeWalker(root, includes, excludes);
    walker.walkDirectory(root, "");
    return walker.entries;
  }

  private void walkDirectory(Path dir, String relDir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        names.add(child.getFileName().toString());
      }
    } catch (NoSuchFileException gone) {
      return;
    }
    names.sort(TreeWalker::compareBytes);
    for (String name : names) {
      String rel = relDir.isEmpty() ? name : relDir + "/" + name;
      Path file = dir.resolve(name);
      Map<String, Object> attributes;
      try {
        attributes = Files.readAttributes(file, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException gone) {
        // Removed while we walk: fsutil skips it too.
        continue;
      }
      int mode = GoFileMode.fromUnix((Integer) attributes.get("mode"));
      boolean isDir = GoFileMode.isDirectory(mode);
      if (!included(rel, isDir) || excluded(rel, isDir)) {
        continue;
      }
      entries.add(new Entry(stat(file, rel, mode, attributes), file));
      if (isDir) {
        walkDirectory(file, rel);
      }
    }
  }

  /** fsutil's include filter: a directory on the way to a pattern is sent and entered. */
  private boolean included(String rel, boolean isDir) {
    if (includes == null) {
      return true;
    }
    if (lastIncludedDir != null && rel.startsWith(lastIncludedDir + "/")) {
      return true;
    }
    boolean matched = false;
    boolean partial = true;
    for (String pattern : includes) {
      int count = PathNames.separators(rel);
      boolean patternPartial = false;
      String p = pattern;
      if (PathNames.separators(p) > count) {
        p = firstSegments(p, count + 1);
        patternPartial = true;
      }
      if (GoGlob.matches(p, rel)) {
        matched = true;
        if (!patternPartial) {
          partial = false;
          break;
        }
      }
    }
    if (!matched) {
      return false;
    }
    if (!partial && isDir) {
      lastIncludedDir = rel;
    }
    return true;
  }

  private boolean excluded(String rel, boolean isDir) {
    if (excludes == null || !excludes.matches(rel)) {
      return false;
    }
    // An excluded directory is still entered when a '!' pattern re-includes something in it.
    return !(isDir && excludes.hasExclusions() && excludes.reincludesBelow(rel));
  }

  private Stat stat(Path file, String rel, int mode, Map<String, Object> attributes) throws IOException {
    Stat.Builder stat =
        Stat.newBuilder()
            .setPath(rel)
            // fsutil clears the socket bit (tar cannot carry sockets); the entry arrives as an empty file.
            .setMode(mode & ~GoFileMode.SOCKET)
            .setUid((Integer) attributes.get("uid"))
            .setGid((Integer) attributes.get("gid"))
            .setModTime(((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
    if (!GoFileMode.isDirectory(mode)) {
      stat.setSize((Long) attributes.get("size"));
      if ((mode & GoFileMode.DEVICE) != 0) {
        long rdev = (Long) attributes.get("rdev");
        stat.setDevmajor((rdev >> 8) & 0xfff).setDevminor((rdev & 0xff) | ((rdev >> 12) & 0xfff00));
      }
      if ((Integer) attributes.get("nlink") > 1) {
        String key = attributes.get("dev") + ":" + attributes.get("ino");
        String first = hardLinks.putIfAbsent(key, rel);
        if (first != null) {
          stat.setLinkname(first).setSize(0);
        }
      }
      if ((mode & GoFileMode.SYMLINK) != 0) {
        stat.setLinkname(Files.readSymbolicLink(file).toString());
      }
    }
    return stat.build();
  }

  /** fsutil's FollowLinks: each path plus, for symlinks inside the root, what they point at. */
  private static List<String> followLinks(Path root, List<String> paths) throws IOException {
    Set<String> result = new LinkedHashSet<>();
    for (String path : paths) {
      String current = PathNames.clean(path);
      for (int hops = 0; hops < 255 && result.add(current); hops++) {
        Path file = root.resolve(current);
        if (current.startsWith("..") || !Files.isSymbolicLink(file)) {
          break;
        }
        String target = Files.readSymbolicLink(file).toString();
        current = target.startsWith("/")
            ? PathNames.clean(target.substring(1))
            : PathNames.clean(PathNames.parent(current) + "/" + target);
      }
    }
    return List.copyOf(result);
  }

  private static String firstSegments(String path, int segments) {
    String[] parts = path.split("/", -1);
    return String.join("/", Arrays.asList(parts).subList(0, segments));
  }

  /** Go compares strings byte-wise; Java's String order differs above U+FFFF. */
  static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
