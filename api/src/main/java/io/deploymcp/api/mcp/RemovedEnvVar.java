package io.deploymcp.api.mcp;

/** Result of unset_env (its REST twin answers 204 without a body): what was removed, and how to apply it. */
public record RemovedEnvVar(String service, String key, String hint) {}
