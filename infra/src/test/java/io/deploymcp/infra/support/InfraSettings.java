package io.deploymcp.infra.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * infra/settings.env and the substitution infra/install.sh does with envsubst: each
 * {@code ${NAME}} whose NAME the file defines is replaced by its value; anything else (a shell
 * {@code $1}, a {@code ${lower}}) stays as it is.
 */
public record InfraSettings(Map<String, String> values) {
  private static final Pattern LINE = Pattern.compile("([A-Z][A-Z0-9_]*)=(.*)");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

  public static InfraSettings load(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        Matcher m = LINE.matcher(line.strip());
        if (m.matches()) {
          String value = m.group(2).strip();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          values.put(m.group(1), value);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new InfraSettings(Map.copyOf(values));
  }

  public static InfraSettings defaults() {
    return load(InfraPaths.infra().resolve("settings.env"));
  }

  public String value(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("settings.env has no " + name);
    }
    return value;
  }

  public String render(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Every {@code ${NAME}} in the text. */
  public static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
