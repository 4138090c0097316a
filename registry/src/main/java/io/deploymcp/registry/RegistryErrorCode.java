package io.deploymcp.registry;

/**
 * Stable codes of the failures this module reports. Each says whether retrying can help, so an
 * activity can turn it into a retryable or non-retryable failure without knowing the cause.
 */
public enum RegistryErrorCode {
  /** An image name, repository, tag or registry host breaks the distribution reference grammar. */
  IMAGE_NAME_INVALID(false),
  /** The registry could not be reached, timed out, or answered 429/5xx. */
  REGISTRY_UNREACHABLE(true),
  /** The registry or its token service refused the credentials (or needs some and has none). */
  REGISTRY_AUTH_FAILED(false),
  /** The registry has no manifest for that repository and tag. */
  MANIFEST_NOT_FOUND(false),
  /** The registry answered something this client cannot use (unexpected status, no digest). */
  REGISTRY_ERROR(false),
  /** The Docker engine socket is missing or does not answer. */
  ENGINE_UNREACHABLE(true),
  /** The Docker engine has no local image by that name. */
  IMAGE_NOT_FOUND(false),
  /** The engine could not push the image (the PUSH_FAILED); auth refusals are not retryable. */
  PUSH_FAILED(true);

  private final boolean retryable;

  RegistryErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether the same call may succeed later without any change of input or configuration. */
  public boolean retryable() {
    return retryable;
  }
}
