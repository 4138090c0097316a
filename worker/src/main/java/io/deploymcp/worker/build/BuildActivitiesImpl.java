package io.deploymcp.worker.build;

import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.BuildActivities;
import io.deploymcp.workflows.activities.BuiltImage;
import io.deploymcp.workflows.activities.CheckoutResult;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Builds and pushes the image. The BuildKit client arrives with issue 4; until then this
 * activity fails cleanly and permanently, so a deploy ends {@code failed} with a code and a
 * hint instead of retrying or pretending to have built anything.
 */
@Component("buildActivities")
public class BuildActivitiesImpl implements BuildActivities {
  static final String NOT_CONFIGURED_HINT =
      "Set BUILDKIT_HOST (tcp://host:1234, unix:///run/buildkit/buildkitd.sock or a Docker"
          + " engine socket) on the worker and redeploy.";

  private final PlatformSettings settings;

  public BuildActivitiesImpl(PlatformSettings settings) {
    this.settings = settings;
  }

  @Override
  public BuiltImage buildAndPush(UUID deploymentId, CheckoutResult source) {
    if (!settings.hasBuildkit()) {
      throw ActivityFailures.permanent(
          FailureCodes.BUILDKIT_NOT_CONFIGURED, "no BuildKit is configured", NOT_CONFIGURED_HINT);
    }
    throw ActivityFailures.permanent(
        WorkerFailureCodes.BUILD_NOT_IMPLEMENTED,
        "this worker version cannot build images yet (BUILDKIT_HOST is set, but the BuildKit"
            + " builder is not part of this release)",
        "Upgrade the worker to a release with the BuildKit builder, then redeploy.");
  }
}
