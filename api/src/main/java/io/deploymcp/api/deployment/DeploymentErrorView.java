package io.deploymcp.api.deployment;

/** Why a deployment failed: the phase, a stable reason code, and what to do about it. */
public record DeploymentErrorView(String phase, String code, String message, String logTail, String hint) {}
