package io.deploymcp.buildkit;

/** Stable codes of the failures this client reports; they become the deployment's error code. */
public enum BuildKitErrorCode {
  /** BUILDKIT_HOST cannot be used as written. A configuration error: retrying will not help. */
  BUILDKIT_HOST_INVALID,
  /** The daemon could not be reached or refused the connection. Infrastructure: retry with backoff. */
  BUILDKIT_UNREACHABLE
}
