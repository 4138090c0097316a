package io.deploymcp.api.registrygc;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /v1/operator/registry-gc/runs; may be omitted. */
public record OpenRunRequest(
    @Schema(description = "images kept per service besides the needed ones, 1-100", defaultValue = "2") Integer keepLast,
    @Schema(description = "answer the plan without opening a run", defaultValue = "false") Boolean dryRun) {}
