package io.deploymcp.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.TestInfo;

/** Where a test keeps the launcher's whole output (target/it-logs/), to read after a failure. */
final class ItLogs {
  private ItLogs() {}

  static Path file(TestInfo info) {
    Path dir = Path.of(System.getProperty("it.logs", "target/it-logs"));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String test = info.getTestClass().map(Class::getSimpleName).orElse("test") + "-"
        + info.getTestMethod().map(m -> m.getName()).orElse("run");
    return dir.resolve(test + ".log");
  }
}
