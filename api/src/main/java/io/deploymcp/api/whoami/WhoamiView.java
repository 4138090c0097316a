package io.deploymcp.api.whoami;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.KeyRestriction;
import io.deploymcp.api.auth.Scope;
import java.util.List;

/**
 * Who the API key belongs to and what it may do; {@code restriction} is null for a key that
 * reaches every service of the tenant, else the services and/or project it is limited to.
 */
public record WhoamiView(String tenant, String keyPrefix, String keyName, List<String> scopes, Restriction restriction) {

  /** A key's restriction: {@code services} null means any name, {@code project} null any project. */
  public record Restriction(List<String> services, String project) {}

  public static WhoamiView of(Caller caller) {
    KeyRestriction r = caller.restriction();
    return new WhoamiView(
        caller.tenantName(), caller.keyPrefix(), caller.keyName(),
        caller.scopes().stream().sorted().map(Scope::wireName).toList(),
        r.restricted() ? new Restriction(r.services(), r.project()) : null);
  }
}
