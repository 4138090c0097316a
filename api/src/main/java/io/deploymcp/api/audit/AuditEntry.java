package io.deploymcp.api.audit;

import java.util.UUID;

/** One audit_log row to write; {@code detailJson} is already masked. */
public record AuditEntry(
    UUID tenantId, UUID apiKeyId, String actor, String action, String target, AuditOutcome outcome, String detailJson) {}
