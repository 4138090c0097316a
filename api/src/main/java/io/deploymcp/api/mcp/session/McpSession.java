package io.deploymcp.api.mcp.session;

import java.time.Instant;
import java.util.UUID;

/**
 * An MCP Streamable HTTP session as every API replica sees it (table {@code mcp_sessions}): the
 * key that opened it, and what its initialize said, which is all a replica needs to serve the
 * session's next request.
 */
public record McpSession(
    String id,
    UUID apiKeyId,
    UUID tenantId,
    String protocolVersion,
    String clientName,
    String clientVersion,
    Instant lastUsedAt) {}
