package io.deploymcp.api.logs;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.FieldError;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.store.logs.LogFilter;
import io.deploymcp.store.logs.LogLevel;
import io.deploymcp.store.logs.LogOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter parameters of a log read, checked: {@code since}/{@code until} (RFC 3339 with an
 * offset, or an age before now such as {@code 15m}), {@code contains} (1-256 characters, no control
 * characters), {@code level} and {@code order}. A bad value is a problem naming the parameter;
 * nothing is read before every value passed.
 */
final class LogFilterParser {
  /** An age: a whole number of seconds, minutes, hours or days, at most 400 days. */
  private static final Pattern AGE = Pattern.compile("([1-9][0-9]{0,6})([smhd])");
  private static final Duration MAX_AGE = Duration.ofDays(400);

  private final Clock clock;

  LogFilterParser(Clock clock) {
    this.clock = clock;
  }

  LogFilter parse(String since, String until, String contains, String level, String order) {
    Instant now = clock.instant();
    Instant from = time("since", since, now);
    Instant to = time("until", until, now);
    if (from != null && to != null && !from.isBefore(to)) {
      throw problem(ProblemCode.INVALID_TIME, "since", "since " + from + " is not before until " + to,
          "Pass a since earlier than until, or omit one of them.");
    }
    return new LogFilter(from, to, contains(contains), level(level), order(order));
  }

  private static Instant time(String field, String raw, Instant now) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    Matcher age = AGE.matcher(raw);
    if (age.matches()) {
      long n = Long.parseLong(age.group(1));
      Duration d = switch (age.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      if (d.compareTo(MAX_AGE) > 0) {
        throw problem(ProblemCode.INVALID_TIME, field, field + " '" + raw + "' is more than 400 days ago",
            "Use an age of at most 400d, or an RFC 3339 time.");
      }
      return now.minus(d);
    }
    try {
      Instant at = OffsetDateTime.parse(raw).toInstant();
      if (at.getEpochSecond() < 0 || at.getEpochSecond() > 253402300799L) {
        throw new DateTimeParseException("out of range", raw, 0);
      }
      return at;
    } catch (DateTimeParseException e) {
      throw problem(ProblemCode.INVALID_TIME, field,
          field + " '" + LogOperations.printable(raw) + "' is neither an RFC 3339 time nor an age",
          "Use e.g. " + field + "=2026-01-02T15:04:05Z (offset required) or " + field + "=15m (30s, 2h, 7d).");
    }
  }

  private static String contains(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.length() > LogFilter.MAX_CONTAINS_LENGTH) {
      throw problem(ProblemCode.INVALID_PARAMETER, "contains",
          "contains is " + raw.length() + " characters, more than " + LogFilter.MAX_CONTAINS_LENGTH,
          "Search for a shorter substring (1-" + LogFilter.MAX_CONTAINS_LENGTH + " characters).");
    }
    if (raw.chars().anyMatch(Character::isISOControl)) {
      throw problem(ProblemCode.INVALID_PARAMETER, "contains", "contains holds a control character",
          "Lines never contain control characters: search for printable text only.");
    }
    return raw;
  }

  private static LogLevel level(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    return LogLevel.fromWireName(raw).orElseThrow(() -> problem(ProblemCode.INVALID_LOG_LEVEL, "level",
        "level '" + LogOperations.printable(raw) + "' is not error, warn, info or debug",
        ProblemCode.INVALID_LOG_LEVEL.defaultHint()));
  }

  private static LogOrder order(String raw) {
    if (raw == null || raw.isEmpty()) {
      return LogOrder.NEWEST_FIRST;
    }
    return LogOrder.fromWireName(raw).orElseThrow(() -> problem(ProblemCode.INVALID_PARAMETER, "order",
        "order '" + LogOperations.printable(raw) + "' is not newest or oldest",
        "Use order=newest (default) or order=oldest (read a build top-down)."));
  }

  private static ApiProblem problem(ProblemCode code, String field, String detail, String hint) {
    return new ApiProblem(code, detail, hint, List.of(new FieldError(field, code.name(), detail, hint)), Map.of());
  }
}
