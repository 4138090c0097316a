package io.deploymcp.api.validation;

/**
 * What {@link RepoUrl} accepts. {@code allowLocal} (DP_ALLOW_LOCAL_REPOS) admits file:// and
 * loopback http:// for local use and tests; private ranges stay refused either way.
 */
public record RepoPolicy(boolean allowLocal, HostResolver resolver) {}
