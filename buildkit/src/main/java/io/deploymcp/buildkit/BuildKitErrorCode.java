package io.deploymcp.buildkit;

/**
 * Stable codes of the failures this client reports; they become the deployment's error code
 * (same names as {@code io.deploymcp.workflows.FailureCodes}). {@link #retryable()} separates
 * infrastructure (retry with backoff) from user errors (retrying the same input fails again).
 */
public enum BuildKitErrorCode {
  /** BUILDKIT_HOST cannot be used as written. A configuration error: retrying will not help. */
  BUILDKIT_HOST_INVALID(false),
  /**
   * The TLS settings for BUILDKIT_HOST cannot be used: a file is missing or holds no usable PEM,
   * a client certificate comes without its key, or TLS is asked for on a unix:// or docker:// address.
   */
  BUILDKIT_TLS_INVALID(false),
  /** The daemon could not be reached, refused the connection or a stream broke. */
  BUILDKIT_UNREACHABLE(true),
  /** The Dockerfile is not where the request says. */
  DOCKERFILE_NOT_FOUND(false),
  /** The Dockerfile does not parse or names something the frontend refuses. */
  DOCKERFILE_INVALID(false),
  /** A FROM image does not exist (not found, manifest unknown) or may not be pulled. */
  BASE_IMAGE_NOT_FOUND(false),
  /** A build step (RUN, COPY, ...) failed; the exception names the step and carries its last log lines. */
  BUILD_STEP_FAILED(false),
  /** The build was cancelled by the caller. */
  BUILD_CANCELLED(false),
  /** The build did not finish within the caller's time limit and was cancelled. */
  BUILD_TIMEOUT(false),
  /**
   * The daemon reported nothing about the build (no step, output or progress) for the caller's
   * stall limit, and the build was cancelled: a step silent that long, or a daemon that hangs.
   */
  BUILD_STALLED(false),
  /** The image was built but the push to the registry failed (standalone buildkitd, push=true). */
  PUSH_FAILED(true),
  /** The daemon failed the build for a reason none of the above describes; its message says which. */
  BUILD_FAILED(false);

  private final boolean retryable;

  BuildKitErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
