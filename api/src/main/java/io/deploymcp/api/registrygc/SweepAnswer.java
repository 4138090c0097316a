package io.deploymcp.api.registrygc;

import java.time.Instant;

/** The run sweeps blobs: no push starts until it ends, at the latest at {@code expiresAt}. */
public record SweepAnswer(String phase, Instant expiresAt) {}
