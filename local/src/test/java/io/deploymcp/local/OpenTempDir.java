package io.deploymcp.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temp directory others may traverse (0755). Under root the embedded PostgreSQL runs as
 * {@code nobody}; inside JUnit's 0700 {@code @TempDir} it could not reach its data directory
 * and would fall back to /var/lib/deploy-mcp, leaving a cluster behind after every run.
 */
final class OpenTempDir implements AutoCloseable {
  private final Path path;

  OpenTempDir() throws IOException {
    path = Files.createTempDirectory("dp-local-it-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
