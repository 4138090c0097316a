package io.deploymcp.checkout;

/**
 * Hears how a checkout is getting on, about once a second, on the thread that called
 * {@link SourceCheckout#checkout(CheckoutRequest, CheckoutListener)} — so a Temporal activity
 * can heartbeat from it. If it throws (e.g. the activity was cancelled), the checkout stops,
 * its workspace is removed and the exception propagates unchanged.
 */
@FunctionalInterface
public interface CheckoutListener {
  CheckoutListener NONE = status -> {};

  /** {@code status} is short and secret-free, e.g. "fetching the repository: Receiving objects 40%". */
  void progress(String status);
}
