package io.deploymcp.buildpacks;

import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Dockerfile makes BuildKit fetch from the network: the frontend image of a {@code #
 * syntax=} directive, {@code FROM} images, images named by {@code COPY --from} and {@code RUN
 * --mount=from=}, and {@code ADD} sources that are URLs or git remotes. The worker checks each
 * against the address policy before the build (issue 13: SSRF through a Dockerfile), because
 * the daemon fetches them from inside the cluster.
 *
 * <p>Hand-written because no maintained Java Dockerfile parser exists, and kept to what this needs:
 * the {@code escape} directive, line continuations, comments, heredoc bodies (skipped, they are
 * file contents), JSON and shell forms, and {@code $VAR}/{@code ${VAR}}/{@code ${VAR:-word}}
 * expansion from {@code ARG} defaults, build args and {@code ENV}, unknown names expanding to
 * nothing as BuildKit does. It errs towards finding more: whatever looks like a remote source is
 * reported. BuildKit's own parser decides what the build does; the daemon's NetworkPolicy is what
 * still holds if the two ever read a file differently (infra/k8s/20-buildkit.yml).
 */
public final class DockerfileSources {
  /** What kind of reference a source is. */
  public enum Kind {
    /** {@code # syntax=<image>}: the frontend BuildKit pulls and runs. */
    FRONTEND_IMAGE,
    /** {@code FROM <image>}, {@code COPY --from=<image>}, {@code RUN --mount=from=<image>}. */
    IMAGE,
    /** {@code ADD <url>} or {@code ADD <git remote>}. */
    URL
  }

  /** One remote reference, with the (1-based) line its instruction starts on. */
  public record RemoteSource(int line, Kind kind, String reference, String instruction) {}

  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9_-]*)\\s*=\\s*(.*?)\\s*$");
  private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
  private static final Pattern VARIABLE =
      Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");
  private static final Pattern REMOTE =
      Pattern.compile("^(?i)(https?://|git://|ssh://|git@)");

  private DockerfileSources() {}

  /**
   * The remote sources of {@code dockerfile}, in file order. {@code buildArgs} are the build
   * args the build passes (they override {@code ARG} defaults).
   */
  public static List<RemoteSource> of(String dockerfile, Map<String, String> buildArgs) {
    List<RemoteSource> found = new ArrayList<>();
    String[] lines = dockerfile.split("\r?\n", -1);
    char escape = '\\';
    int i = 0;
    // Parser directives: comments of the form "# key=value" before anything else.
    for (; i < lines.length; i++) {
      Matcher directive = DIRECTIVE.matcher(lines[i].strip());
      if (!directive.matches()) {
        break;
      }
      String key = directive.group(1).toLowerCase(Locale.ROOT);
      String value = directive.group(2);
      if (key.equals("escape") && value.equals("`")) {
        escape = '`';
      } else if (key.equals("syntax") && !value.isEmpty()) {
        found.add(new RemoteSource(i + 1, Kind.FRONTEND_IMAGE, value, "# syntax=" + value));
      }
    }
    Map<String, String> vars = new HashMap<>();
    Set<String> stages = new HashSet<>();
    int stageCount = 0;
    while (i < lines.length) {
      int start = i;
      String first = lines[i].strip();
      if (first.isEmpty() || first.startsWith("#")) {
        i++;
        continue;
      }
      // Join continuation lines; comment lines inside an instruction are dropped, as BuildKit does.
      StringBuilder joined = new StringBuilder();
      String line = lines[i];
      while (true) {
        String trimmed = line.stripTrailing();
        if (!trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape && i + 1 < lines.length) {
          joined.append(trimmed, 0, trimmed.length() - 1).append(' ');
          i++;
          while (i < lines.length && lines[i].strip().startsWith("#")) {
            i++;
          }
          if (i >= lines.length) {
            break;
          }
          line = lines[i];
        } else {
          joined.append(trimmed);
          break;
        }
      }
      i++;
      String instruction = joined.toString().strip();
      // Heredoc bodies follow the instruction's last line: file contents, not instructions.
      Matcher heredoc = HEREDOC.matcher(instruction);
      while (heredoc.find()) {
        boolean stripTabs = !heredoc.group(1).isEmpty();
        String word = heredoc.group(3);
        while (i < lines.length) {
          String body = stripTabs ? lines[i].replaceFirst("^\t+", "") : lines[i];
          i++;
          if (body.equals(word)) {
            break;
          }
        }
      }
      String[] parts = instruction.split("\\s+", 2);
      String keyword = parts[0].toUpperCase(Locale.ROOT);
      String rest = parts.length > 1 ? parts[1] : "";
      switch (keyword) {
        case "ARG" -> declare(rest, vars, buildArgs, true);
        case "ENV" -> declare(rest, vars, Map.of(), false);
        case "FROM" -> {
          List<String> words = words(expand(rest, vars));
          List<String> args = withoutFlags(words);
          if (!args.isEmpty()) {
            String image = args.get(0);
            if (!image.equalsIgnoreCase("scratch") && !stages.contains(image.toLowerCase(Locale.ROOT))) {
              found.add(new RemoteSource(start + 1, Kind.IMAGE, image, instruction));
            }
            if (args.size() >= 3 && args.get(1).equalsIgnoreCase("as")) {
              stages.add(args.get(2).toLowerCase(Locale.ROOT));
            }
          }
          stageCount++;
        }
        case "COPY", "ADD" -> {
          List<String> words = jsonOrWords(expand(rest, vars));
          for (String flag : flags(words)) {
            if (flag.startsWith("--from=")) {
              String from = flag.substring("--from=".length());
              if (isImage(from, stages, stageCount)) {
                found.add(new RemoteSource(start + 1, Kind.IMAGE, from, instruction));
              }
            }
          }
          if (keyword.equals("ADD")) {
            List<String> args = withoutFlags(words);
            for (String source : args.subList(0, Math.max(0, args.size() - 1))) {
              if (REMOTE.matcher(source).find()) {
                found.add(new RemoteSource(start + 1, Kind.URL, source, instruction));
              }
            }
          }
        }
        case "RUN" -> {
          for (String flag : flags(words(expand(rest, vars)))) {
            if (flag.startsWith("--mount=")) {
              for (String option : flag.substring("--mount=".length()).split(",")) {
                if (option.startsWith("from=")) {
                  String from = option.substring("from=".length());
                  if (isImage(from, stages, stageCount)) {
                    found.add(new RemoteSource(start + 1, Kind.IMAGE, from, instruction));
                  }
                }
              }
            }
          }
        }
        default -> {
          // Other instructions fetch nothing.
        }
      }
    }
    return found;
  }

  private static boolean isImage(String from, Set<String> stages, int stageCount) {
    if (from.isEmpty() || stages.contains(from.toLowerCase(Locale.ROOT))) {
      return false;
    }
    // A stage index names an earlier stage; a build-context name is not ours to pass.
    return !(from.chars().allMatch(Character::isDigit) && Integer.parseInt(from) < Math.max(stageCount, 1));
  }

  /** ARG name[=default]..., ENV name=value... (and the old "ENV name value"). */
  private static void declare(String rest, Map<String, String> vars, Map<String, String> buildArgs, boolean arg) {
    List<String> words = words(rest);
    if (!arg && words.size() >= 2 && !words.get(0).contains("=")) {
      vars.put(words.get(0), expand(String.join(" ", words.subList(1, words.size())), vars));
      return;
    }
    for (String word : words) {
      int eq = word.indexOf('=');
      String name = eq < 0 ? word : word.substring(0, eq);
      if (arg && buildArgs.containsKey(name)) {
        vars.put(name, buildArgs.get(name));
      } else if (eq >= 0) {
        vars.put(name, expand(word.substring(eq + 1), vars));
      }
    }
  }

  static String expand(String text, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(4);
      String value = vars.get(name);
      String operator = m.group(2);
      String replacement;
      if (operator == null) {
        replacement = value == null ? "" : value;
      } else {
        boolean set = operator.startsWith(":") ? value != null && !value.isEmpty() : value != null;
        replacement = operator.endsWith("-") ? (set ? value : m.group(3)) : (set ? m.group(3) : "");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** JSON array form when the arguments (after flags) are one, else shell words. */
  private static List<String> jsonOrWords(String rest) {
    List<Word> words = scan(rest);
    List<String> texts = words.stream().map(Word::text).toList();
    int flagCount = flags(texts).size();
    String afterFlags = (flagCount == 0 ? rest : rest.substring(words.get(flagCount - 1).end())).strip();
    if (afterFlags.startsWith("[")) {
      try {
        List<String> parsed = new ArrayList<>(texts.subList(0, flagCount));
        JsonParser.parseString(afterFlags).getAsJsonArray().forEach(e -> parsed.add(e.getAsString()));
        return parsed;
      } catch (JsonSyntaxException | IllegalStateException | UnsupportedOperationException notJson) {
        // BuildKit falls back to the shell form too.
      }
    }
    return texts;
  }

  private static List<String> flags(List<String> words) {
    List<String> flags = new ArrayList<>();
    for (String word : words) {
      if (!word.startsWith("--")) {
        break;
      }
      flags.add(word);
    }
    return flags;
  }

  private static List<String> withoutFlags(List<String> words) {
    return words.subList(flags(words).size(), words.size());
  }

  /** Whitespace-separated words; quotes group and are removed. */
  private static List<String> words(String text) {
    return scan(text).stream().map(Word::text).toList();
  }

  /** A word, and where it ends in the text it was read from (after its closing quote, if any). */
  private record Word(String text, int end) {}

  private static List<Word> scan(String text) {
    List<Word> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(new Word(word.toString(), k));
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(new Word(word.toString(), text.length()));
    }
    return words;
  }
}
