package io.deploymcp.buildpacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/** Fixture repos under src/test/resources/fixtures and the options tests plan them with. */
final class Fixtures {

  static final String REGISTRY = "127.0.0.1:5000/base/";

  /** Every base image configured, named like the ones bin/base-images pushes. */
  static final BaseImages IMAGES =
      new BaseImages(
          REGISTRY + "node:22",
          REGISTRY + "python:3.12",
          REGISTRY + "go:1.23",
          REGISTRY + "java:21",
          REGISTRY + "busybox:1",
          null);

  private Fixtures() {}

  static Path fixture(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static PlanOptions options() {
    return PlanOptions.defaults(IMAGES);
  }

  static PlanOptions optionsWithEnv() {
    return options().withEnvKeys(Set.of("LOG_LEVEL", "API_URL"), Set.of("NPM_TOKEN", "DEPLOY_KEY"));
  }

  /** A writable copy of a fixture, for tests that add symlinks or files. */
  static Path copy(String name, Path target) {
    Path source = fixture(name);
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path destination = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
