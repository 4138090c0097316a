package io.deploymcp.worker.support;

import java.time.OffsetDateTime;

/** A deployments row as the tests read it back. */
public record DeploymentRow(
    String status,
    String commitSha,
    String imageRef,
    OffsetDateTime cloningAt,
    OffsetDateTime buildingAt,
    OffsetDateTime deployingAt,
    OffsetDateTime finishedAt,
    String errorPhase,
    String errorCode,
    String errorMessage,
    String errorHint,
    String errorLogTail) {}
