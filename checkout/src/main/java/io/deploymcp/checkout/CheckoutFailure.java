package io.deploymcp.checkout;

/**
 * Why a checkout failed. The names are the deployment error codes of issue 4 (the workflows
 * module's {@code FailureCodes} holds the same strings); user errors are not retryable,
 * infrastructure errors are.
 */
public enum CheckoutFailure {
  REPO_NOT_FOUND(false),
  REPO_AUTH_FAILED(false),
  BRANCH_NOT_FOUND(false),
  COMMIT_NOT_FOUND(false),
  ROOT_DIR_NOT_FOUND(false),
  CHECKOUT_TOO_LARGE(false),
  SUBMODULE_NOT_ALLOWED(false),
  /**
   * The repository's host resolved, when the checkout connected, to a loopback, private,
   * link-local (cloud metadata) or otherwise internal address. Not retried: the answer is the
   * host's DNS, and a rebinding name would only be given more tries.
   */
  REPO_ADDRESS_NOT_ALLOWED(false),
  /** The git host redirected to another scheme, host or port; the token never goes there. */
  REPO_REDIRECT_NOT_ALLOWED(false),
  /** The git host did not finish within the checkout timeout. */
  CLONE_TIMEOUT(true),
  /** The git host could not be reached or broke off the transfer. */
  REPO_UNREACHABLE(true);

  private final boolean retryable;

  CheckoutFailure(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
