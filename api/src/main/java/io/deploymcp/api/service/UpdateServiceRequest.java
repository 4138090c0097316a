package io.deploymcp.api.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of PATCH /v1/services/{name}: absent fields stay as they are; an empty string clears
 * root_dir, schedule and health_check_path. name and project cannot change.
 */
public record UpdateServiceRequest(
    @Schema(description = "Immutable; accepted only when equal to the current name") String name,
    @Schema(description = "Immutable; accepted only when equal to the current project") String project,
    String repo,
    String branch,
    String buildPack,
    String rootDir,
    Integer port,
    String cpu,
    String memory,
    String kind,
    String schedule,
    String healthCheckPath) {}
