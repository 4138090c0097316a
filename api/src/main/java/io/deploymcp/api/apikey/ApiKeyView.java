package io.deploymcp.api.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key in a listing; {@code services}/{@code project} are its restriction (null: none). */
public record ApiKeyView(
    UUID id,
    String name,
    String prefix,
    List<String> scopes,
    List<String> services,
    String project,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt,
    Instant createdAt) {}
