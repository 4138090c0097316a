package io.deploymcp.api.env;

import java.time.Instant;

/** Answer of PUT /v1/services/{name}/env/{KEY}: the name, when it changed, how to apply it. */
public record EnvVarSet(String key, Instant updatedAt, String hint) {}
