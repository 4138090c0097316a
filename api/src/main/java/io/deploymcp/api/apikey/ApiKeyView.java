package io.deploymcp.api.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key in a listing. */
public record ApiKeyView(
    UUID id,
    String name,
    String prefix,
    List<String> scopes,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt,
    Instant createdAt) {}
