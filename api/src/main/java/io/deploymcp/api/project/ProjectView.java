package io.deploymcp.api.project;

import java.time.Instant;

/** A project as GET /v1/projects shows it. */
public record ProjectView(String name, Instant createdAt, int services) {}
