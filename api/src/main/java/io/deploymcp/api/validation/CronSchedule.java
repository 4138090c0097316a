package io.deploymcp.api.validation;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.deploymcp.api.problem.ProblemCode;

/** A five-field UNIX cron expression, as a Kubernetes CronJob schedule takes it. */
public record CronSchedule(String value) {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  public static final int MAX_LENGTH = 120;

  public CronSchedule {
    if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
      throw invalid(value, "is empty or too long");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      // The parser takes tabs and newlines as separators and ignores what trails the fifth
      // field (ESC included); the CronJob would carry them as written.
      throw invalid(value, "contains a control character; separate the five fields with spaces");
    }
    try {
      PARSER.parse(value).validate();
    } catch (RuntimeException e) {
      // Not only IllegalArgumentException: cron-utils fails on some malformed input with an
      // index error ("5 | * * *", found by ValidatorFuzzTest). Whatever it throws for the
      // caller's text is the caller's 400, not a 500.
      throw invalid(value, "is not a valid cron expression");
    }
  }

  private static ValidationException invalid(String value, String why) {
    return new ValidationException(
        ProblemCode.INVALID_SCHEDULE,
        "schedule",
        "schedule '" + ServiceName.printable(String.valueOf(value)) + "' " + why);
  }
}
