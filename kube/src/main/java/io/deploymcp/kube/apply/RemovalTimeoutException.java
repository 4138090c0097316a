package io.deploymcp.kube.apply;

import java.util.List;

/**
 * {@link ClusterApplier#remove} asked for every object's deletion, but some were still there
 * when its time was up (a finalizer, a pod that takes long to stop). Calling it again goes on
 * where this one stopped.
 */
public final class RemovalTimeoutException extends RuntimeException {
  private final List<String> remaining;

  public RemovalTimeoutException(String message, List<String> remaining) {
    super(message);
    this.remaining = List.copyOf(remaining);
  }

  /** What was still there, e.g. {@code Pod dp-acme-shop/api-5d8f-x2k4q}. */
  public List<String> remaining() {
    return remaining;
  }
}
