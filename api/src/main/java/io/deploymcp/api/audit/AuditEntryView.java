package io.deploymcp.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One audit_log entry as GET /v1/audit shows it; {@code client} is the MCP client, null for REST. */
public record AuditEntryView(
    long id,
    String actor,
    String client,
    String action,
    String target,
    String outcome,
    JsonNode detail,
    Instant createdAt) {}
