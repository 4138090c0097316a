package io.deploymcp.checkout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes the files of one commit into an empty directory, byte for byte as committed: regular
 * and executable files, symbolic links as links, submodules as empty directories. No index is
 * kept — the workspace is read once by the build and then removed — which makes this several
 * times faster than JGit's index-maintaining checkout. Deliberately not done: .gitattributes
 * filters and eol conversion (and so no Git LFS smudge), as in a bare export.
 *
 * <p>Safety: every path is checked with JGit's {@link ObjectChecker} (no {@code ..}, {@code .},
 * {@code .git} or empty segments), directories are created one level at a time and must be real
 * directories (never a link planted by an earlier entry), and files are created with
 * {@code CREATE_NEW}, which never follows an existing link.
 */
final class TreeFiles {
  private static final int CHECK_EVERY = 256;
  private static final int MAX_LINK_TARGET = 4096;
  private static final long CONTENT_TIME_BASE_SECONDS = 1_000_000_000L;

  private TreeFiles() {}

  /** @return how many entries were written */
  static int write(ObjectReader reader, RevCommit commit, Path target, CheckoutGuard guard)
      throws IOException {
    ObjectChecker checker = new ObjectChecker();
    Set<Path> directories = new HashSet<>();
    directories.add(target);
    int entries = 0;
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        if (++entries % CHECK_EVERY == 0 && guard.isCancelled()) {
          throw new CheckoutStopped();
        }
        byte[] raw = walk.getRawPath();
        try {
          checker.checkPath(raw, 0, raw.length);
        } catch (CorruptObjectException e) {
          throw unsafe(commit, walk.getPathString());
        }
        Path file = target.resolve(walk.getPathString());
        FileMode mode = walk.getFileMode(0);
        if (mode == FileMode.GITLINK) {
          directory(file, directories, commit, target);
          continue;
        }
        directory(file.getParent(), directories, commit, target);
        if (mode == FileMode.SYMLINK) {
          byte[] link = reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(MAX_LINK_TARGET);
          Files.createSymbolicLink(file, Path.of(new String(link, StandardCharsets.UTF_8)));
        } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
          try (OutputStream out =
              Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).copyTo(out);
          }
          if (mode == FileMode.EXECUTABLE_FILE) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
          }
          Files.setLastModifiedTime(file, contentTime(walk.getObjectId(0)));
        }
      }
    }
    return entries;
  }

  /**
   * A modification time that is a function of the file's content (its blob id), the same in
   * every checkout. BuildKit's file sync re-sends a file whose size or mtime differs from its
   * cached copy; checkout times would make every file of every fresh checkout differ, and
   * commit times would too. Distinct blobs get distinct times (40 bits of the id as nanoseconds
   * after 2001-09-09, about 18 minutes of range), so a changed file is always seen as changed.
   */
  static FileTime contentTime(ObjectId blob) {
    long bits = 0;
    for (int i = 0; i < 5; i++) {
      bits = bits << 8 | blob.getByte(i);
    }
    return FileTime.from(CONTENT_TIME_BASE_SECONDS * 1_000_000_000L + bits, TimeUnit.NANOSECONDS);
  }

  /** Creates {@code dir} and its missing parents, refusing anything that is not a real directory. */
  private static void directory(Path dir, Set<Path> known, RevCommit commit, Path target) throws IOException {
    if (known.contains(dir)) {
      return;
    }
    directory(dir.getParent(), known, commit, target);
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw unsafe(commit, target.relativize(dir).toString());
      }
    }
    known.add(dir);
  }

  private static CheckoutException unsafe(RevCommit commit, String path) {
    return new CheckoutException(
        CheckoutFailure.COMMIT_NOT_FOUND,
        "commit " + commit.name() + " cannot be checked out safely: it holds the path '" + path
            + "', which git refuses to write",
        "The commit's tree is malformed (git itself would refuse it); fix the repository's"
            + " history and deploy a clean commit.");
  }

  /** JGit-free signal that the guard asked to stop; the guard knows why. */
  static final class CheckoutStopped extends IOException {
    CheckoutStopped() {
      super("checkout stopped", null);
    }
  }
}
