package io.deploymcp.api.service;

import io.deploymcp.api.deployment.DeployPlan;
import io.deploymcp.api.env.EnvVarView;
import java.util.List;

/**
 * What a create would do, found by validating it completely and reading (never writing) the
 * database: {@code action} is {@code create} (a new service, project and first deploy) or
 * {@code none} (the tenant already has this name with this repo: the create would return it).
 * Env values are never shown, only their names and kinds.
 */
public record CreatePlan(
    boolean dryRun,
    String action,
    ServiceSettings service,
    String url,
    boolean projectCreated,
    List<EnvVarView> env,
    DeployPlan deployment,
    String hint) {}
