package io.deploymcp.api.support;

import io.deploymcp.api.auth.ApiKeys;
import java.util.UUID;

/** Creates tenants and keys straight in the database, as an operator's provisioning would. */
public final class Tenants {
  private final Db db;

  public Tenants(Db db) {
    this.db = db;
  }

  /** A new tenant with one key holding {@code scopes}; returns the key. */
  public String newTenantWithKey(String tenantName, String... scopes) {
    UUID tenantId = UUID.randomUUID();
    db.update("insert into tenants (id, name) values (?, ?)", tenantId, tenantName);
    return newKey(tenantId, scopes);
  }

  public String newKey(UUID tenantId, String... scopes) {
    String key = ApiKeys.generate();
    db.update(
        "insert into api_keys (id, tenant_id, name, prefix, key_hash, scopes) values (?, ?, 'test', ?, ?, ?::text[])",
        UUID.randomUUID(), tenantId, ApiKeys.prefixOf(key), ApiKeys.hash(key), "{" + String.join(",", scopes) + "}");
    return key;
  }

  public UUID tenantId(String name) {
    return (UUID) db.one("select id from tenants where name = ?", name);
  }

  /** A key of tenant {@code default} with the given scopes. */
  public String defaultTenantKey(String... scopes) {
    return newKey(tenantId("default"), scopes);
  }
}
