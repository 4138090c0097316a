package io.deploymcp.buildkit.filesync;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Docker's exclude-pattern matcher (moby {@code pkg/fileutils.PatternMatcher}, what fsutil
 * applies to {@code exclude-patterns}): patterns are cleaned paths with {@code *}, {@code ?},
 * classes and {@code **} for any number of directories; a leading {@code !} re-includes; the
 * last matching pattern wins; a pattern also matches everything below a directory it matches.
 * The dockerfile frontend sends the parsed {@code .dockerignore} here.
 */
final class ExcludePatterns {
  private record Rule(String cleaned, int segments, boolean exclusion, Pattern regex) {}

  private final List<Rule> rules;
  private final boolean hasExclusions;

  private ExcludePatterns(List<Rule> rules) {
    this.rules = rules;
    this.hasExclusions = rules.stream().anyMatch(Rule::exclusion);
  }

  static ExcludePatterns compile(List<String> patterns) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : patterns) {
      String p = raw.strip();
      if (p.isEmpty()) {
        continue;
      }
      p = PathNames.clean(p);
      boolean exclusion = false;
      if (p.startsWith("!")) {
        if (p.length() == 1) {
          throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
        }
        exclusion = true;
        p = p.substring(1);
      }
      rules.add(new Rule(p, p.split("/", -1).length, exclusion, toRegex(p)));
    }
    return new ExcludePatterns(rules);
  }

  boolean hasExclusions() {
    return hasExclusions;
  }

  /** True when {@code path} (relative, '/'-separated) is excluded. */
  boolean matches(String path) {
    boolean matched = false;
    String parent = PathNames.parent(path);
    String[] parentSegments = parent.split("/", -1);
    for (Rule rule : rules) {
      boolean match = rule.regex.matcher(path).matches();
      if (!match && !parent.equals(".") && rule.segments <= parentSegments.length) {
        String prefix = String.join("/", List.of(parentSegments).subList(0, rule.segments));
        match = rule.regex.matcher(prefix).matches();
      }
      if (match) {
        matched = !rule.exclusion;
      }
    }
    return matched;
  }

  /** True when a re-include pattern names something below {@code dir}, so the walk must enter it. */
  boolean reincludesBelow(String dir) {
    String prefix = dir + "/";
    return rules.stream().anyMatch(r -> r.exclusion && (r.cleaned + "/").startsWith(prefix));
  }

  private static Pattern toRegex(String pattern) {
    StringBuilder regex = new StringBuilder("^");
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i++);
      if (c == '*') {
        if (i < pattern.length() && pattern.charAt(i) == '*') {
          i++;
          if (i < pattern.length() && pattern.charAt(i) == '/') {
            i++;
          }
          regex.append(i >= pattern.length() ? ".*" : "(.*/)?");
        } else {
          regex.append("[^/]*");
        }
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '\\') {
        if (i < pattern.length()) {
          GoGlob.appendLiteral(regex, pattern.charAt(i++));
        } else {
          regex.append("\\\\");
        }
      } else if (c == '[' || c == ']' || c == '^' || c == '-') {
        // Character classes pass through to the regex as docker's translation does.
        regex.append(c);
      } else {
        GoGlob.appendLiteral(regex, c);
      }
    }
    regex.append('$');
    try {
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid exclude pattern '" + pattern + "'", e);
    }
  }
}
