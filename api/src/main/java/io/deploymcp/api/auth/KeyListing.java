package io.deploymcp.api.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An API key as listings show it: its public prefix and metadata, never the key. */
public record KeyListing(
    UUID id,
    String name,
    String prefix,
    Set<Scope> scopes,
    KeyRestriction restriction,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt,
    Instant createdAt) {}
