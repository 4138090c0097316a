package io.deploymcp.workflows.activities;

import io.temporal.activity.ActivityInterface;
import java.util.UUID;

/** Builds the checked-out source into an image and pushes it to the registry. */
@ActivityInterface
public interface BuildActivities {
  BuiltImage buildAndPush(UUID deploymentId, CheckoutResult source);
}
