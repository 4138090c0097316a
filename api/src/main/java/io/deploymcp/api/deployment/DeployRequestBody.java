package io.deploymcp.api.deployment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /v1/services/{name}/deploys; every field is optional. */
public record DeployRequestBody(
    @Schema(description = "Commit SHA (7-40 hex) or tag to deploy; wins over branch") String commit,
    @Schema(description = "Branch to deploy; defaults to the service's branch") String branch,
    @Schema(description = "production or preview", defaultValue = "production") String environment) {}
