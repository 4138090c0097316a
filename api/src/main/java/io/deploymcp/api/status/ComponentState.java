package io.deploymcp.api.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a component looks from the API: working, not set up, or set up but not answering. */
public enum ComponentState {
  OK,
  NOT_CONFIGURED,
  UNREACHABLE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
