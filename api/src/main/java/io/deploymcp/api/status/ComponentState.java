package io.deploymcp.api.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a component looks from the API: working, not set up, set up with a bad value
 * (misconfigured), or set up but not answering.
 */
public enum ComponentState {
  OK,
  NOT_CONFIGURED,
  MISCONFIGURED,
  UNREACHABLE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
