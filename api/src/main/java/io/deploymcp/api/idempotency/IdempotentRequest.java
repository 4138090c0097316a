package io.deploymcp.api.idempotency;

import jakarta.enterprise.context.RequestScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The Idempotency-Key this request runs under, set by {@link IdempotencyFilter} when it granted
 * the key. An API process killed in the middle of a request leaves its claim in flight; once that
 * claim counts as abandoned (DP_IDEMPOTENCY_ABANDONED_AFTER), the client's retry with the same
 * key is granted again, as a {@linkplain #takeover() takeover} of the first attempt, whose writes
 * may have committed. Operations use this to find what the first attempt did instead of doing it
 * twice: ids derived from the key ({@link #id}) are the same in both attempts.
 */
@RequestScoped
public class IdempotentRequest {
  private UUID scope;
  private String key;
  private Instant firstClaimedAt;
  private boolean takeover;

  void set(UUID scope, String key, Instant firstClaimedAt, boolean takeover) {
    this.scope = scope; // the API key: keys are per API key (V8)
    this.key = key;
    this.firstClaimedAt = firstClaimedAt;
    this.takeover = takeover;
  }

  /**
   * An id for what this request makes ({@code purpose} names it), the same in every attempt of
   * the request; empty without an Idempotency-Key (then callers pick a random one).
   */
  public Optional<UUID> id(String purpose) {
    if (key == null) {
      return Optional.empty();
    }
    String seed = purpose + "\n" + scope + "\n" + key + "\n" + firstClaimedAt;
    return Optional.of(UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)));
  }

  /** When an earlier attempt of this request (whose claim was abandoned) started; empty otherwise. */
  public Optional<Instant> takeoverOfAttemptSince() {
    return takeover ? Optional.of(firstClaimedAt) : Optional.empty();
  }

  public boolean takeover() {
    return takeover;
  }
}
