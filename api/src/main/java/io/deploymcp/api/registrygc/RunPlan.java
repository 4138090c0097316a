package io.deploymcp.api.registrygc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to opening a run: the lease, and what every repository keeps. */
public record RunPlan(
    @Schema(description = "null for a dry run, which opens nothing") UUID runId,
    @Schema(description = "the lease ends here: the run ends by itself and pushes resume") Instant expiresAt,
    int keepLast,
    boolean dryRun,
    @Schema(description = "claim; null for a dry run") String phase,
    List<RepositoryEntry> repositories) {}
