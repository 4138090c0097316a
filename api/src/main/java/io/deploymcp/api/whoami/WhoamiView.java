package io.deploymcp.api.whoami;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.Scope;
import java.util.List;

/** Who the API key belongs to and what it may do. */
public record WhoamiView(String tenant, String keyPrefix, String keyName, List<String> scopes) {
  public static WhoamiView of(Caller caller) {
    return new WhoamiView(
        caller.tenantName(), caller.keyPrefix(), caller.keyName(),
        caller.scopes().stream().sorted().map(Scope::wireName).toList());
  }
}
