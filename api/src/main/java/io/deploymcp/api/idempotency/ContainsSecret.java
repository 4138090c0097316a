package io.deploymcp.api.idempotency;

/**
 * A response body holding a secret that is shown once (a new API key). The idempotency store
 * keeps {@link #withoutSecret()} instead, so a replay never re-reveals it and no secret rests
 * in the database.
 */
public interface ContainsSecret {
  Object withoutSecret();
}
