package io.deploymcp.workflows.activities;

/** The structured error recorded on a failed deployment. */
public record DeploymentFailure(
    String phase, String code, String message, String hint, String logTail) {}
