package io.deploymcp.ops.gc;

/**
 * The platform could not be reached, refused, or answered something the contract does not allow
 * (docs/registry-gc.md). The message names the step (open run, claims, sweep, end run) and what
 * came back, never the operator token.
 */
public final class PlatformException extends Exception {
  private final String step;

  public PlatformException(String step, String message) {
    super(step + ": " + message);
    this.step = step;
  }

  public PlatformException(String step, String message, Throwable cause) {
    super(step + ": " + message, cause);
    this.step = step;
  }

  public String step() {
    return step;
  }
}
