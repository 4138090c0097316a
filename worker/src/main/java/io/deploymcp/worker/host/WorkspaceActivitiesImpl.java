package io.deploymcp.worker.host;

import io.deploymcp.checkout.Workspaces;
import io.deploymcp.workflows.activities.BuildHost;
import io.deploymcp.workflows.activities.WorkspaceActivities;
import io.deploymcp.worker.config.BuildSettings;
import io.deploymcp.worker.config.CheckoutSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Answers for this worker host: the task queue only it polls ({@code <queue>.host.<id>},
 * registered in application.properties), and the removal of workspaces on its disk.
 */
@Component("workspaceActivities")
public class WorkspaceActivitiesImpl implements WorkspaceActivities {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceActivitiesImpl.class);

  private final String hostQueue;
  private final Duration pickup;
  private final Path workspaceRoot;

  public WorkspaceActivitiesImpl(
      @Value("${dp.host-task-queue}") String hostQueue,
      BuildSettings build,
      CheckoutSettings checkout) {
    this.hostQueue = hostQueue;
    this.pickup = build.hostPickup();
    this.workspaceRoot = checkout.workspaceDir();
    // Operators (and crash/'s restart suite) read which queue this host answers on.
    log.info("build host queue {} (workspaces under {})", hostQueue, workspaceRoot);
  }

  @Override
  public BuildHost claimBuildHost() {
    return new BuildHost(hostQueue, pickup);
  }

  @Override
  public void removeWorkspace(UUID deploymentId) {
    if (Workspaces.remove(Workspaces.pathFor(workspaceRoot, deploymentId.toString()))) {
      log.info("deployment {}: workspace removed", deploymentId);
    }
  }
}
