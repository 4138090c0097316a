package io.deploymcp.api.status;

/** One component's state and a one-line reason in plain words. */
public record ComponentStatus(ComponentState state, String reason) {
  public static ComponentStatus ok(String reason) {
    return new ComponentStatus(ComponentState.OK, reason);
  }

  public static ComponentStatus notConfigured(String reason) {
    return new ComponentStatus(ComponentState.NOT_CONFIGURED, reason);
  }

  /** Set up wrongly (a bad variable): fixing the configuration is the only way out. */
  public static ComponentStatus misconfigured(String reason) {
    return new ComponentStatus(ComponentState.MISCONFIGURED, reason);
  }

  public static ComponentStatus unreachable(String reason) {
    return new ComponentStatus(ComponentState.UNREACHABLE, reason);
  }
}
