package io.deploymcp.worker.temporal;

/**
 * Temporal cannot work for this worker and waiting will not change it: the server refuses its
 * certificate or API key, or the namespace lacks search attributes the worker may not add.
 */
public class TemporalStartException extends RuntimeException {
  public TemporalStartException(String reason) {
    super(reason);
  }
}
