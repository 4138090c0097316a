package io.deploymcp.workflows;

/**
 * Reason codes that activities put in {@code ApplicationFailure.getType()} and that end up
 * in a failed deployment's {@code error_code}. Stable: agents branch on them.
 */
public final class FailureCodes {
  public static final String BUILDKIT_NOT_CONFIGURED = "BUILDKIT_NOT_CONFIGURED";
  public static final String REGISTRY_NOT_CONFIGURED = "REGISTRY_NOT_CONFIGURED";
  public static final String KUBERNETES_NOT_CONFIGURED = "KUBERNETES_NOT_CONFIGURED";
  public static final String SERVICE_GONE = "SERVICE_GONE";

  // Checkout. User errors unless marked otherwise.
  public static final String REPO_NOT_FOUND = "REPO_NOT_FOUND";
  public static final String REPO_AUTH_FAILED = "REPO_AUTH_FAILED";
  public static final String BRANCH_NOT_FOUND = "BRANCH_NOT_FOUND";
  public static final String COMMIT_NOT_FOUND = "COMMIT_NOT_FOUND";
  public static final String ROOT_DIR_NOT_FOUND = "ROOT_DIR_NOT_FOUND";
  public static final String CHECKOUT_TOO_LARGE = "CHECKOUT_TOO_LARGE";
  public static final String SUBMODULE_NOT_ALLOWED = "SUBMODULE_NOT_ALLOWED";
  /** The repo's host resolved, at checkout, to a loopback, private or other internal address. */
  public static final String REPO_ADDRESS_NOT_ALLOWED = "REPO_ADDRESS_NOT_ALLOWED";
  /** The git host redirected to another scheme, host or port. */
  public static final String REPO_REDIRECT_NOT_ALLOWED = "REPO_REDIRECT_NOT_ALLOWED";
  /** Infrastructure: the git host did not answer in time or at all; retried. */
  public static final String CLONE_TIMEOUT = "CLONE_TIMEOUT";
  public static final String REPO_UNREACHABLE = "REPO_UNREACHABLE";

  // Build. User errors unless marked otherwise.
  public static final String NO_BUILD_PLAN = "NO_BUILD_PLAN";
  public static final String DOCKERFILE_NOT_FOUND = "DOCKERFILE_NOT_FOUND";
  public static final String DOCKERFILE_INVALID = "DOCKERFILE_INVALID";
  public static final String BUILD_STEP_FAILED = "BUILD_STEP_FAILED";
  public static final String BASE_IMAGE_NOT_FOUND = "BASE_IMAGE_NOT_FOUND";
  public static final String BUILD_TIMEOUT = "BUILD_TIMEOUT";
  public static final String BUILD_STALLED = "BUILD_STALLED";
  /** Infrastructure: retried with backoff. */
  public static final String PUSH_FAILED = "PUSH_FAILED";
  public static final String BUILDKIT_UNREACHABLE = "BUILDKIT_UNREACHABLE";
  /** The worker that holds the checkout went away before the build; the deploy starts over. */
  public static final String WORKSPACE_LOST = "WORKSPACE_LOST";

  /** A failure whose type is not one of ours, e.g. a timeout; the hint says to retry. */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private FailureCodes() {}
}
