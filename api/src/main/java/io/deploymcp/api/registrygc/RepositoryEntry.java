package io.deploymcp.api.registrygc;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the platform vouches for in one service repository of the registry. */
public record RepositoryEntry(
    @Schema(description = "dp-<tenant>-<project>/<service>: the path without the registry host, as /v2/_catalog lists it")
        String repository,
    @Schema(description = "false once the service was deleted (then keep is empty)") boolean serviceExists,
    @Schema(description = "a build may be pushing here: delete only known digests that are not kept") boolean busy,
    List<KeptDigest> keep,
    @Schema(description = "every digest a deployment of this repository recorded") List<String> known) {}
