package io.deploymcp.worker.failure;

/**
 * Reason codes only the worker raises, next to {@link io.deploymcp.workflows.FailureCodes}.
 * Same shape (upper snake case), so the deploy workflow records them as they are.
 */
public final class WorkerFailureCodes {
  /** Env values or a token are stored, but the worker has no DP_SECRET_KEY that opens them. */
  public static final String SECRET_KEY_MISSING = "SECRET_KEY_MISSING";
  /** The plan needs a base image (DP_BASE_IMAGE_*) the operator has not configured. */
  public static final String BASE_IMAGE_NOT_CONFIGURED = "BASE_IMAGE_NOT_CONFIGURED";
  /** BUILDKIT_HOST, BUILDKIT_TLS_* or REGISTRY_HOST cannot be used as given. */
  public static final String BUILD_CONFIG_INVALID = "BUILD_CONFIG_INVALID";
  /** The cluster refused or did not answer a server-side apply. */
  public static final String KUBERNETES_APPLY_FAILED = "KUBERNETES_APPLY_FAILED";
  /**
   * Another operation held the project's namespace lock (a removal of the project's last
   * service) longer than an apply may wait: retried by the workflow, then the deploy fails.
   */
  public static final String KUBERNETES_PROJECT_BUSY = "KUBERNETES_PROJECT_BUSY";
  /** The deployment row does not exist (yet): retried briefly, then the deploy fails. */
  public static final String DEPLOYMENT_NOT_FOUND = "DEPLOYMENT_NOT_FOUND";
  /**
   * The Dockerfile makes BuildKit fetch from an internal address (a FROM registry, an ADD URL, a
   * syntax frontend): refused before the build (issue 13, DockerfileSourceCheck).
   */
  public static final String BUILD_SOURCE_NOT_ALLOWED = "BUILD_SOURCE_NOT_ALLOWED";
  /** The repository URL is not one this worker may fetch (scheme, or local without opt-in). */
  public static final String REPO_NOT_ALLOWED = "REPO_NOT_ALLOWED";

  /**
   * The worker could not ask the database whether registry garbage collection sweeps blobs, so it
   * did not push: retried by the workflow, then the deploy fails.
   */
  public static final String PUSH_GATE_UNAVAILABLE = "PUSH_GATE_UNAVAILABLE";

  private WorkerFailureCodes() {}
}
