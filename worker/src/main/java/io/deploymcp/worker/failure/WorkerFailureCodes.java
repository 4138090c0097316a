package io.deploymcp.worker.failure;

/**
 * Reason codes only the worker raises, next to {@link io.deploymcp.workflows.FailureCodes}.
 * Same shape (upper snake case), so the deploy workflow records them as they are.
 */
public final class WorkerFailureCodes {
  /** BUILDKIT_HOST is set, but this worker version has no builder yet (issue 4). */
  public static final String BUILD_NOT_IMPLEMENTED = "BUILD_NOT_IMPLEMENTED";
  /** KUBECONFIG is usable, but this worker version cannot apply yet (issue 5). */
  public static final String CLUSTER_NOT_IMPLEMENTED = "CLUSTER_NOT_IMPLEMENTED";
  /** The deployment row does not exist (yet): retried briefly, then the deploy fails. */
  public static final String DEPLOYMENT_NOT_FOUND = "DEPLOYMENT_NOT_FOUND";
  /** The repository URL is not one this worker may fetch (scheme, or local without opt-in). */
  public static final String REPO_NOT_ALLOWED = "REPO_NOT_ALLOWED";

  private WorkerFailureCodes() {}
}
