package io.deploymcp.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * A Spring Boot executable jar unpacked to plain files: BOOT-INF/classes, the BOOT-INF/lib jars
 * in the order of BOOT-INF/classpath.idx (the order Spring Boot's own launcher uses), and the
 * Start-Class to run them with.
 */
record SpringBootJar(Path classes, List<Path> libraries, String mainClass) {

  static SpringBootJar unpack(Path jar, Path into) throws IOException {
    Path classes = Files.createDirectories(into.resolve("classes"));
    Path lib = Files.createDirectories(into.resolve("lib"));
    try (JarFile zip = new JarFile(jar.toFile())) {
      Manifest manifest = zip.getManifest();
      String main = manifest == null ? null : manifest.getMainAttributes().getValue("Start-Class");
      ZipEntry index = zip.getEntry("BOOT-INF/classpath.idx");
      if (main == null || index == null) {
        throw new IOException(jar + " is not a Spring Boot executable jar (no Start-Class or BOOT-INF/classpath.idx)");
      }
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        Path target;
        if (e.getName().startsWith("BOOT-INF/classes/")) {
          target = classes.resolve(e.getName().substring("BOOT-INF/classes/".length()));
        } else if (e.getName().startsWith("BOOT-INF/lib/")) {
          target = lib.resolve(e.getName().substring("BOOT-INF/lib/".length()));
        } else {
          continue; // the launcher and the manifest: not needed with a plain class path
        }
        if (!target.normalize().startsWith(into)) {
          throw new IOException(jar + " has an entry outside its own tree: " + e.getName());
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, target);
        }
      }
      List<Path> ordered = new ArrayList<>();
      try (InputStream in = zip.getInputStream(index)) {
        // Lines look like: - "BOOT-INF/lib/temporal-sdk-1.38.0.jar"
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          String entry = line.strip();
          if (entry.startsWith("- \"BOOT-INF/lib/") && entry.endsWith("\"")) {
            Path file = lib.resolve(entry.substring("- \"BOOT-INF/lib/".length(), entry.length() - 1));
            if (!Files.isRegularFile(file)) {
              throw new IOException(jar + ": classpath.idx names " + file.getFileName() + ", which the jar does not hold");
            }
            ordered.add(file);
          }
        }
      }
      return new SpringBootJar(classes, List.copyOf(ordered), main);
    }
  }
}
