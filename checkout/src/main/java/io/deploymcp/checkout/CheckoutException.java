package io.deploymcp.checkout;

import java.util.Objects;

/**
 * A checkout failure with a stable code, a message for humans and a hint for agents. Message,
 * hint and cause chain are already redacted: they never contain a token or URL userinfo, so
 * callers may log them and put them in workflow history as they are.
 */
public final class CheckoutException extends RuntimeException {
  private final CheckoutFailure code;
  private final String hint;

  public CheckoutException(CheckoutFailure code, String message, String hint) {
    this(code, message, hint, null);
  }

  /** {@code cause} must already be redacted (see {@link RedactedCause}). */
  CheckoutException(CheckoutFailure code, String message, String hint, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.hint = Objects.requireNonNull(hint, "hint");
  }

  public CheckoutFailure code() {
    return code;
  }

  public String hint() {
    return hint;
  }

  public boolean retryable() {
    return code.retryable();
  }

  @Override
  public String toString() {
    return "CheckoutException[" + code + "]: " + getMessage();
  }
}
