package io.deploymcp.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One audit_log entry as GET /v1/audit shows it. */
public record AuditEntryView(
    long id, String actor, String action, String target, String outcome, JsonNode detail, Instant createdAt) {}
