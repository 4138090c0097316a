package io.deploymcp.api.deployment;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** Answer of POST /v1/deployments/{id}/cancel. */
public record CancelledDeployment(@JsonUnwrapped DeploymentView deployment, String hint) {}
