package io.deploymcp.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Custom search attributes that make a deploy easy to find in the Temporal Web UI
 * (e.g. {@code DpServiceName = "cool-api"}). They hold names and ids, never secrets, and
 * must be registered on the Temporal namespace before workflows that set them start.
 */
public final class DeploySearchAttributes {
  public static final SearchAttributeKey<String> SERVICE_NAME =
      SearchAttributeKey.forKeyword("DpServiceName");
  public static final SearchAttributeKey<String> TENANT = SearchAttributeKey.forKeyword("DpTenant");
  public static final SearchAttributeKey<String> DEPLOYMENT_ID =
      SearchAttributeKey.forKeyword("DpDeploymentId");
  /** Current phase of a deploy: queued, cloning, building, deploying, or a terminal status. */
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("DpPhase");

  /** Every key, for registration on the namespace. */
  public static final List<SearchAttributeKey<String>> ALL =
      List.of(SERVICE_NAME, TENANT, DEPLOYMENT_ID, PHASE);

  private DeploySearchAttributes() {}
}
