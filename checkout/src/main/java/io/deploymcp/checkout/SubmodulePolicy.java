package io.deploymcp.checkout;

/** What a checkout does with the submodules (gitlinks) of the commit it checks out. */
public enum SubmodulePolicy {
  /**
   * Submodules stay empty directories, as after {@code git clone} without
   * {@code --recurse-submodules}; their URLs are not looked at.
   */
  SKIP,
  /**
   * Submodules are fetched (depth 1, the recorded commit) with the repository's own credentials
   * when their URL has the repository's scheme, host and port and that scheme is https (or
   * http, which callers allow only for loopback test repositories); a relative URL is resolved
   * against the repository URL. Any other URL fails the checkout with
   * {@link CheckoutFailure#SUBMODULE_NOT_ALLOWED}: the token must never be sent to another host,
   * and file, ssh and git URLs would reach places the tenant does not own.
   */
  SAME_HOST
}
