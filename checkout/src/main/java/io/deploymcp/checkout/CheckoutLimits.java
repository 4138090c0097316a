package io.deploymcp.checkout;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of one checkout. {@code timeout} covers everything (connect, fetch, checkout,
 * submodules); {@code maxBytes} bounds the downloaded pack of each repository and the total
 * size of the checked-out files.
 */
public record CheckoutLimits(Duration timeout, long maxBytes, SubmodulePolicy submodules) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  public CheckoutLimits {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(submodules, "submodules");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the checkout timeout must be positive, got " + timeout);
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("the checkout size limit must be positive, got " + maxBytes);
    }
  }

  /** Five minutes, 1 GiB, same-host submodules. */
  public static CheckoutLimits defaults() {
    return new CheckoutLimits(DEFAULT_TIMEOUT, DEFAULT_MAX_BYTES, SubmodulePolicy.SAME_HOST);
  }
}
