package io.deploymcp.store.registrygc;

import java.time.Instant;

/** What {@link RegistryGcGate#enterSweep} answered a run asking to sweep blobs. */
public sealed interface SweepDecision {
  /** The run is in its sweep phase until it ends, at the latest at {@code expiresAt}. */
  record Entered(Instant expiresAt) implements SweepDecision {}

  /** {@code pushes} pushes passed the gate and have not finished: no sweep now. */
  record BuildsInFlight(int pushes) implements SweepDecision {}

  /** No such run, or it ended or expired. */
  record RunEnded() implements SweepDecision {}
}
