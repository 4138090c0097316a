package io.deploymcp.kube.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares generated YAML with {@code src/test/resources/golden/<name>.yaml}. Run the tests with
 * {@code -Dgolden.update=true} to (re)write the files after an intended change, then review the
 * diff like any other code change.
 */
final class GoldenFiles {
  private static final Path DIR = Path.of("src", "test", "resources", "golden");

  private GoldenFiles() {}

  static void assertMatches(String name, String actual) {
    Path file = DIR.resolve(name + ".yaml");
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(DIR);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        fail("no golden file " + file + "; run with -Dgolden.update=true to create it");
      }
      assertThat(actual)
          .as("generated YAML differs from %s (rewrite with -Dgolden.update=true if intended)", file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
