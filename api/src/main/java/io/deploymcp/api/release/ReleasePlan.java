package io.deploymcp.api.release;

import java.util.UUID;

/**
 * What a publish or rollback would do (nothing is written or started): production would run
 * {@code imageRef} (commit {@code commitSha}) of deployment {@code sourceDeploymentId}, chosen
 * by {@code source} ({@code live_preview}, {@code previous_good} or {@code named}), in place of
 * the live deployment {@code replacesDeploymentId} (null when production has none).
 */
public record ReleasePlan(
    boolean dryRun,
    String action,
    String service,
    String environment,
    String source,
    UUID sourceDeploymentId,
    String sourceEnvironment,
    String commitSha,
    String imageRef,
    UUID replacesDeploymentId,
    String replacesImageRef,
    String hint) {}
