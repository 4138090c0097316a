package io.deploymcp.api.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of PATCH /v1/services/{name}: absent fields stay as they are; an empty string clears
 * root_dir, schedule and health_check_path, null clears github_installation_id, [] clears
 * watch_paths. name and project cannot change; env changes through /env.
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
    String healthCheckPath,
    @Schema(description = "Dockerfile of build pack dockerfile, relative to root_dir") String dockerfilePath,
    // A JsonNode, so an explicit null (clear) differs from an absent field (keep).
    @Schema(type = SchemaType.INTEGER, format = "int64", nullable = true,
        description = "GitHub App installation id; null removes it") JsonNode githubInstallationId,
    @Schema(description = "Replaces the watch paths; [] removes them") List<String> watchPaths) {}
