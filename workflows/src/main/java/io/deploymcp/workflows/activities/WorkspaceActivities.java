package io.deploymcp.workflows.activities;

import io.temporal.activity.ActivityInterface;
import java.util.UUID;

/**
 * Pins a deployment's checkout and build to one worker host, so the build reads the
 * workspace the checkout wrote to local disk.
 *
 * <p>{@link #claimBuildHost()} runs on the shared task queue: whichever worker picks it up
 * answers with the task queue only it polls. The workflow then schedules checkout, build and
 * {@link #removeWorkspace(UUID)} on that queue.
 */
@ActivityInterface
public interface WorkspaceActivities {
  /** The task queue served only by the worker that ran this activity. */
  BuildHost claimBuildHost();

  /** Deletes the deployment's workspace on this host; no-op when there is none. */
  void removeWorkspace(UUID deploymentId);
}
