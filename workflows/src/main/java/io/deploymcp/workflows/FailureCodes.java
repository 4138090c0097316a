package io.deploymcp.workflows;

/**
 * Reason codes that activities put in {@code ApplicationFailure.getType()} and that end up
 * in a failed deployment's {@code error_code}. Stable: agents branch on them.
 */
public final class FailureCodes {
  public static final String BUILDKIT_NOT_CONFIGURED = "BUILDKIT_NOT_CONFIGURED";
  public static final String KUBERNETES_NOT_CONFIGURED = "KUBERNETES_NOT_CONFIGURED";
  public static final String REPO_NOT_FOUND = "REPO_NOT_FOUND";
  public static final String REPO_UNREACHABLE = "REPO_UNREACHABLE";
  public static final String REF_NOT_FOUND = "REF_NOT_FOUND";
  public static final String GIT_AUTH_FAILED = "GIT_AUTH_FAILED";
  public static final String SERVICE_GONE = "SERVICE_GONE";
  /** A failure whose type is not one of ours, e.g. a timeout; the hint says to retry. */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private FailureCodes() {}
}
