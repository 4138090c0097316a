package io.deploymcp.api.idempotency;

/** The outcome of presenting an Idempotency-Key: run the request, or answer without running it. */
public sealed interface Claim {
  /** First use of the key: the request runs and its response is stored. */
  record Granted() implements Claim {}

  /** The identical request ran before: replay its response. */
  record Replay(StoredResponse response) implements Claim {}

  /** The key was used for a different request. */
  record Reused() implements Claim {}

  /** The identical request is still running. */
  record InFlight() implements Claim {}
}
