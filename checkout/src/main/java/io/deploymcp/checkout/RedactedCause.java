package io.deploymcp.checkout;

import java.util.Collection;

/**
 * A copy of an exception chain with every message redacted and the stack traces kept: the
 * diagnosis survives, the secrets do not. JGit's own exceptions are never attached to a
 * {@link CheckoutException}, because their messages may carry URLs and server replies.
 */
final class RedactedCause extends Exception {
  private RedactedCause(String message, RedactedCause cause) {
    super(message, cause, false, true);
  }

  static RedactedCause of(Throwable error, Collection<String> secrets) {
    return copy(error, secrets, 0);
  }

  private static RedactedCause copy(Throwable error, Collection<String> secrets, int depth) {
    RedactedCause next =
        error.getCause() == null || error.getCause() == error || depth > 16
            ? null
            : copy(error.getCause(), secrets, depth + 1);
    String text = error.getClass().getName();
    if (error.getMessage() != null) {
      text += ": " + SecretRedactor.redact(error.getMessage(), secrets);
    }
    RedactedCause copy = new RedactedCause(text, next);
    copy.setStackTrace(error.getStackTrace());
    return copy;
  }

  @Override
  public String toString() {
    return getMessage();
  }
}
