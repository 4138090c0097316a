package io.deploymcp.temporal;

import java.util.List;

/**
 * One or more TEMPORAL_* variables are unusable. Each problem is one line that starts with the
 * variable's name and says what to do; none carries a key, a certificate or an API key.
 */
public class InvalidTemporalSettingsException extends RuntimeException {
  private final List<String> problems;

  public InvalidTemporalSettingsException(List<String> problems) {
    super("Temporal settings are invalid: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
