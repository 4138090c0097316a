package io.deploymcp.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The compiled classes, main and test, of every module of the repository, read from each
 * module's {@code target/} (this module runs last in the reactor). A module with sources but no
 * classes fails the import instead of letting a rule pass over nothing.
 */
final class ModuleClasses {
  private ModuleClasses() {}

  static Path repository() {
    return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
  }

  /** Every {@code target/classes} and {@code target/test-classes} of a module that has sources for it. */
  static List<Path> directories() {
    List<Path> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    try (Stream<Path> modules = Files.list(repository())) {
      for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).sorted().toList()) {
        for (String[] kind : new String[][] {{"src/main/java", "target/classes"}, {"src/test/java", "target/test-classes"}}) {
          if (!Files.isDirectory(module.resolve(kind[0])) || module.getFileName().toString().equals("architecture")) {
            continue;
          }
          Path classes = module.resolve(kind[1]);
          if (Files.isDirectory(classes)) {
            found.add(classes);
          } else {
            missing.add(repository().relativize(classes).toString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("not compiled: " + missing
          + " — run the whole build (bin/test), or ./mvnw -B test-compile first");
    }
    return found;
  }

  static JavaClasses all() {
    return new ClassFileImporter().importPaths(directories());
  }
}
