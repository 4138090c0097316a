package io.deploymcp.worker.failure;

import io.deploymcp.workflows.activities.FailureDetail;
import io.temporal.failure.ApplicationFailure;

/**
 * Builds the failures activities throw: {@code type} is the reason code, the first detail a
 * {@link FailureDetail} with the hint. Callers pass messages that are already redacted.
 */
public final class ActivityFailures {
  private ActivityFailures() {}

  /** A user or configuration error: retrying cannot help. */
  public static ApplicationFailure permanent(String code, String message, String hint) {
    return ApplicationFailure.newNonRetryableFailure(message, code, new FailureDetail(hint, null));
  }

  /** A passing condition (network, a row not committed yet): the retry policy decides. */
  public static ApplicationFailure transientFailure(String code, String message, String hint) {
    return ApplicationFailure.newFailure(message, code, new FailureDetail(hint, null));
  }

  /** The deployment row is not there (yet): retried briefly by the workflow, then it fails. */
  public static ApplicationFailure deploymentNotFound(java.util.UUID deploymentId) {
    return transientFailure(
        WorkerFailureCodes.DEPLOYMENT_NOT_FOUND,
        "deployment " + deploymentId + " does not exist",
        "Deploy again; if it keeps happening, the API and worker use different"
            + " databases (check DP_DATABASE_URL on both).");
  }
}
