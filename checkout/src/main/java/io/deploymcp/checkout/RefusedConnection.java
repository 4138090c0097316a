package io.deploymcp.checkout;

import java.net.UnknownHostException;

/**
 * Thrown inside JGit's HTTP transport when the checkout refuses to connect somewhere: an address
 * the policy forbids, or another host than the repository's. An {@link UnknownHostException}
 * because that is what the HTTP client's resolver may throw; {@link #reason()} is the
 * checkout's real answer, already redacted.
 */
final class RefusedConnection extends UnknownHostException {
  private final transient CheckoutException reason;

  RefusedConnection(CheckoutException reason) {
    super(reason.getMessage());
    this.reason = reason;
  }

  CheckoutException reason() {
    return reason;
  }

  /** The first refusal in {@code error}'s cause chain, or null. */
  static CheckoutException in(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof RefusedConnection refused) {
        return refused.reason();
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed instanceof RefusedConnection refused) {
          return refused.reason();
        }
      }
    }
    return null;
  }
}
