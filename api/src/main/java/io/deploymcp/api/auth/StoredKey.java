package io.deploymcp.api.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An API key row as authentication needs it (never the key itself: only its hash is stored). */
public record StoredKey(
    UUID id,
    UUID tenantId,
    String tenantName,
    String prefix,
    String name,
    Set<Scope> scopes,
    KeyRestriction restriction,
    Instant expiresAt,
    Instant revokedAt) {}
