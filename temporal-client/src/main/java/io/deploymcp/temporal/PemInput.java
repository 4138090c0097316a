package io.deploymcp.temporal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a TEMPORAL_TLS_* value that is either PEM content (a Secret passed as an environment
 * variable) or the path of a PEM file (the chart mounts them under /etc/deploy-mcp/temporal-tls/).
 * A value is content when it holds a {@code -----BEGIN} line; anything else is a path.
 */
final class PemInput {
  private static final String BEGIN = "-----BEGIN ";

  private PemInput() {}

  /** The PEM text, or null after adding one problem naming the variable. */
  static String read(TemporalVariable variable, String value, List<String> problems) {
    String name = variable.envName();
    if (value.contains(BEGIN)) {
      return unescape(value);
    }
    Path path;
    try {
      path = Path.of(value.strip());
    } catch (InvalidPathException e) {
      problems.add(name + ": is neither PEM content (a -----BEGIN line) nor a file path");
      return null;
    }
    if (!Files.exists(path)) {
      // Echo the value only when it looks like a path (its folder exists): a key pasted without
      // its BEGIN line must not end up in a log.
      Path parent = path.toAbsolutePath().getParent();
      problems.add(
          parent != null && Files.isDirectory(parent)
              ? name + ": file " + path + " does not exist"
              : name + ": is neither PEM content (a -----BEGIN line) nor the path of an existing file");
      return null;
    }
    if (Files.isDirectory(path)) {
      problems.add(name + ": " + path + " is a folder, not a PEM file");
      return null;
    }
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      problems.add(name + ": file " + path + " is not readable by this process (check its mode and owner)");
      return null;
    }
    if (!text.contains(BEGIN)) {
      problems.add(name + ": file " + path + " is not PEM (no -----BEGIN line)");
      return null;
    }
    return text;
  }

  /** Some tools put a PEM in one line with literal \n: accept that form too. */
  private static String unescape(String value) {
    return value.indexOf('\n') < 0 && value.contains("\\n") ? value.replace("\\n", "\n") : value;
  }
}
