package io.deploymcp.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One component's state and a one-line reason in plain words.
 *
 * @param source for a configured component, where its setting came from: {@code detected} (the
 *     local stack found it on its machine) or {@code environment} (set by hand); absent otherwise
 */
public record ComponentStatus(
    ComponentState state, String reason, @JsonInclude(JsonInclude.Include.NON_NULL) String source) {
  public static final String DETECTED = "detected";
  public static final String ENVIRONMENT = "environment";

  public static ComponentStatus ok(String reason) {
    return new ComponentStatus(ComponentState.OK, reason, null);
  }

  public static ComponentStatus notConfigured(String reason) {
    return new ComponentStatus(ComponentState.NOT_CONFIGURED, reason, null);
  }

  /** Set up wrongly (a bad variable): fixing the configuration is the only way out. */
  public static ComponentStatus misconfigured(String reason) {
    return new ComponentStatus(ComponentState.MISCONFIGURED, reason, null);
  }

  public static ComponentStatus unreachable(String reason) {
    return new ComponentStatus(ComponentState.UNREACHABLE, reason, null);
  }

  /** The same status, saying where its setting came from. */
  public ComponentStatus from(String source) {
    return new ComponentStatus(state, reason, source);
  }
}
