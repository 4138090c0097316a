package io.deploymcp.api.idempotency;

/** The outcome of presenting an Idempotency-Key: run the request, or answer without running it. */
public sealed interface Claim {
  /**
   * The request runs and its response is stored: first use of the key, or a retry that takes
   * over an attempt whose process died in the middle ({@code takeover}; that attempt's writes may
   * have committed). {@code firstClaimedAt} is when the key was first claimed, the same for both.
   */
  record Granted(java.time.Instant firstClaimedAt, boolean takeover) implements Claim {}

  /** The identical request ran before: replay its response. */
  record Replay(StoredResponse response) implements Claim {}

  /** The key was used for a different request. */
  record Reused() implements Claim {}

  /** The identical request is still running. */
  record InFlight() implements Claim {}
}
