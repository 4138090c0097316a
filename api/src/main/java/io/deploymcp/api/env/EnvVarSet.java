package io.deploymcp.api.env;

import java.time.Instant;

/** Answer of PUT /v1/services/{name}/env/{KEY}: the name, its kind, when it changed, how to apply it. */
public record EnvVarSet(String key, boolean secret, Instant updatedAt, String hint) {}
