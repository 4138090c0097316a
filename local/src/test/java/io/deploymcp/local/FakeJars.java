package io.deploymcp.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds runnable jars of the fake API and worker (JDK-only classes) for launcher tests. */
final class FakeJars {
  private FakeJars() {}

  static Path build(Path dir, String mainClass) throws IOException {
    Path classes;
    try {
      classes = Path.of(FakeJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    Path jar = dir.resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".jar");
    Path fakes = classes.resolve("io/deploymcp/local/fake");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest);
        Stream<Path> files = Files.list(fakes)) {
      for (Path f : files.toList()) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        jarOut.write(Files.readAllBytes(f));
        jarOut.closeEntry();
      }
    }
    return jar;
  }
}
