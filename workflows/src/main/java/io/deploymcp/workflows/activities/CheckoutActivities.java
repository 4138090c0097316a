package io.deploymcp.workflows.activities;

import io.temporal.activity.ActivityInterface;
import java.util.UUID;

/**
 * Fetches the deployment's source. The repository, branch and any git token are read from
 * the database inside the activity: the workflow passes only the deployment id.
 */
@ActivityInterface
public interface CheckoutActivities {
  CheckoutResult checkout(UUID deploymentId);
}
