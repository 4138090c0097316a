package io.deploymcp.api.validation;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.address.HostResolver;

/**
 * What {@link RepoUrl} accepts. {@code allowLocal} (DP_ALLOW_LOCAL_REPOS) admits file:// and
 * loopback http:// for local use and tests; private ranges stay refused either way.
 * {@code resolver} finds where a host name points; a name that does not resolve is refused.
 */
public record RepoPolicy(boolean allowLocal, HostResolver resolver) {
  /** The address rule, shared with the worker's checkout. */
  public AddressPolicy addresses() {
    return AddressPolicy.of(allowLocal);
  }
}
