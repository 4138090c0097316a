package io.deploymcp.api.release;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /v1/services/{name}/rollback; may be omitted. */
public record RollbackRequest(
    @Schema(description = "A production deployment of this service that ran (status running); default: the newest one"
        + " before the live deployment that ran another image")
        String deploymentId) {}
