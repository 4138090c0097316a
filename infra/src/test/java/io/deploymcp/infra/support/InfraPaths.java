package io.deploymcp.infra.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the files under test are: the module directory is infra/ (Surefire's working directory). */
public final class InfraPaths {
  private InfraPaths() {}

  public static Path infra() {
    Path here = Path.of("").toAbsolutePath();
    if (!Files.isRegularFile(here.resolve("settings.env"))) {
      throw new IllegalStateException("not run from infra/: " + here);
    }
    return here;
  }

  public static Path repository() {
    return infra().getParent();
  }

  /** infra/k8s/*.yml in apply order (their names sort in that order). */
  public static List<Path> manifests() {
    return yamlFiles(infra().resolve("k8s"));
  }

  /** infra/values/*.yml. */
  public static List<Path> values() {
    return yamlFiles(infra().resolve("values"));
  }

  public static Path values(String name) {
    return infra().resolve("values").resolve(name);
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
