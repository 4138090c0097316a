package io.deploymcp.api.audit;

import java.util.UUID;

/**
 * One audit_log row to write; {@code detailJson} is already masked. {@code client} names the MCP
 * client ("name/version" from its initialize request), null for REST and webhook calls.
 */
public record AuditEntry(
    UUID tenantId,
    UUID apiKeyId,
    String actor,
    String client,
    String action,
    String target,
    AuditOutcome outcome,
    String detailJson) {

  /** An entry of a call without an MCP client (REST, webhooks). */
  public AuditEntry(
      UUID tenantId, UUID apiKeyId, String actor, String action, String target, AuditOutcome outcome, String detailJson) {
    this(tenantId, apiKeyId, actor, null, action, target, outcome, detailJson);
  }
}
