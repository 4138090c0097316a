package io.deploymcp.api.env;

import java.time.Instant;

/** An env variable as the API shows it: its name and when it changed, never its value. */
public record EnvVarView(String key, Instant updatedAt) {}
