package io.deploymcp.store.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which lines have a level, and that the "at least" pattern agrees with the classification. */
class LogLevelTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "#7 0.412 npm ERR! code E404                | error",
      "#9 ERROR: process did not complete           | error",
      "time=1 level=warn msg=slow                   | warn",
      "{\"level\":\"INFO\",\"msg\":\"up\"}          | info",
      "[debug] cache key abc                        | debug",
      "2026-01-01 WARNING disk almost full          | warn",
      "INFO retry after ERROR                       | error",
      "no errors found, 0 warnings                  | -",
      "an error happened in lower case              | -",
      "#5 0.1 information superhighway              | -",
      "interrupted                                   | -",
  })
  void classifiesByTheMostSevereTokenInTheText(String line, String expected) {
    assertThat(LogLevel.of(line.strip()).map(LogLevel::wireName)).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "npm ERR! x", "level=warn y", "[info] z", "DEBUG q", "no level here", "errors everywhere", "Warning: lower"})
  void atLeastPatternMatchesExactlyTheLinesAtOrAboveTheLevel(String line) {
    for (LogLevel min : LogLevel.values()) {
      boolean classified = LogLevel.of(line).map(l -> l.compareTo(min) <= 0).orElse(false);
      assertThat(Pattern.compile(min.atLeastPattern()).matcher(line).find()).as(line + " >= " + min).isEqualTo(classified);
    }
  }
}
