package io.deploymcp.api.env;

import java.time.Instant;

/**
 * An env variable as the API shows it: its name, whether it is a secret (BuildKit secret only)
 * or a plain build arg, and when it changed; never its value.
 */
public record EnvVarView(String key, boolean secret, Instant updatedAt) {}
