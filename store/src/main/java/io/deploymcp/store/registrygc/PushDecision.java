package io.deploymcp.store.registrygc;

import java.time.Instant;
import java.util.UUID;

/** What {@link RegistryGcGate#beginPush} answered a worker about to push. */
public sealed interface PushDecision {
  /** No blob sweep runs: the push is recorded as in flight and may start. */
  record Granted() implements PushDecision {}

  /** A run sweeps blobs until it ends, at the latest at {@code until}: wait and ask again. */
  record Sweeping(UUID runId, Instant until) implements PushDecision {}
}
