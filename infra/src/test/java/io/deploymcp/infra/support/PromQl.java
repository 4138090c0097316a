package io.deploymcp.infra.support;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects, found by a small lexer rather than a regex over
 * the text: identifiers that are not followed by {@code (} (functions), not keywords or
 * aggregation operators, not label names (inside {@code {...}}, or the lists after {@code by},
 * {@code without}, {@code on}, {@code ignoring}, {@code group_left}, {@code group_right}), not in
 * strings, durations, numbers or Grafana variables ({@code $x}, {@code ${x:fmt}}). A selector by
 * {@code {__name__="x"}} names {@code x}. Not a full parser: the expressions are also parsed by
 * promtool itself (AlertRulesTest, DashboardTest), this only finds the names.
 */
public final class PromQl {
  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev",
      "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on",
      "ignoring", "group_left", "group_right", "offset", "bool", "atan2", "inf", "nan");
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private PromQl() {}

  /** The metric names {@code expression} selects, sorted. */
  public static Set<String> metricNames(String expression) {
    Set<String> names = new TreeSet<>();
    String s = expression;
    int i = 0;
    int braces = 0;
    boolean labelListNext = false;
    String lastLabel = null;
    StringBuilder operator = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') { // a comment runs to the end of the line
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        int end = endOfString(s, i);
        if (braces > 0 && "__name__".equals(lastLabel) && operator.toString().equals("=")) {
          names.add(unquote(s.substring(i, end)));
        }
        lastLabel = null;
        i = end;
      } else if (c == '$') { // a Grafana variable: $name or ${name} or ${name:format}
        i++;
        if (i < s.length() && s.charAt(i) == '{') {
          i = s.indexOf('}', i) + 1;
        } else {
          while (i < s.length() && isIdentifierPart(s.charAt(i))) {
            i++;
          }
        }
      } else if (c == '[') { // a range or subquery: durations and variables only
        i = s.indexOf(']', i) + 1;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        i = endOfNumber(s, i);
      } else if (c == '{') {
        braces++;
        i++;
      } else if (c == '}') {
        braces--;
        i++;
      } else if (c == '(' && labelListNext) {
        i = s.indexOf(')', i) + 1;
        labelListNext = false;
      } else if (isIdentifierStart(c)) {
        int end = i;
        while (end < s.length() && isIdentifierPart(s.charAt(end))) {
          end++;
        }
        String word = s.substring(i, end);
        i = end;
        if (braces > 0) {
          lastLabel = word;
          operator.setLength(0);
          continue;
        }
        if (LABEL_LIST_KEYWORDS.contains(word)) {
          labelListNext = true;
          continue;
        }
        boolean call = nextNonSpace(s, i) == '(';
        if (!call && !AGGREGATIONS.contains(word) && !KEYWORDS.contains(word.toLowerCase())) {
          names.add(word);
        }
      } else {
        if (c == '=' || c == '!' || c == '~') {
          operator.append(c);
        } else {
          lastLabel = null;
        }
        i++;
      }
      if (labelListNext && i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '(') {
        labelListNext = false; // group_left without a label list
      }
    }
    return names;
  }

  private static int endOfString(String s, int start) {
    char quote = s.charAt(start);
    int i = start + 1;
    while (i < s.length() && s.charAt(i) != quote) {
      i += (s.charAt(i) == '\\' && quote != '`') ? 2 : 1;
    }
    return Math.min(i + 1, s.length());
  }

  private static String unquote(String quoted) {
    return quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /** 1, 1.5, .5, 1e-9, 0x1f, 5m, 1h30m (a duration outside brackets, as after offset). */
  private static int endOfNumber(String s, int start) {
    int i = start;
    while (i < s.length()) {
      char c = s.charAt(i);
      boolean exponentSign = (c == '-' || c == '+') && i > start && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')
          && !s.startsWith("0x", start);
      if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static char nextNonSpace(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        return s.charAt(i);
      }
    }
    return 0;
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }
}
