package io.deploymcp.api.service;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.deploymcp.api.deployment.DeploymentView;
import java.util.UUID;

/**
 * Answer of POST /v1/services: the service, the deployment it started, and whether the
 * service already existed (same tenant, name and repo: nothing new was built).
 */
public record CreatedService(
    @JsonUnwrapped ServiceView service,
    UUID deploymentId,
    DeploymentView deployment,
    boolean existing,
    String hint) {}
