package io.deploymcp.api.release;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /v1/services/{name}/publish; may be omitted. */
public record PublishRequest(
    @Schema(description = "A preview deployment of this service that ran (status running); default: the preview's live deployment")
        String deploymentId) {}
