package io.deploymcp.workflows.fakes;

import io.deploymcp.workflows.activities.BuildActivities;
import io.deploymcp.workflows.activities.BuildHost;
import java.time.Duration;
import io.deploymcp.workflows.activities.BuiltImage;
import io.deploymcp.workflows.activities.CheckoutActivities;
import io.deploymcp.workflows.activities.CheckoutResult;
import io.deploymcp.workflows.activities.ClusterActivities;
import io.deploymcp.workflows.activities.WorkspaceActivities;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkout, build and cluster in memory: each call is logged, then runs the behaviour the
 * test scripted for that step and deployment (success by default).
 */
public final class FakeSteps implements CheckoutActivities, BuildActivities, ClusterActivities, WorkspaceActivities {
  public static final String COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b";

  private final CallLog log;
  private volatile BuildHost host = new BuildHost(WorkflowHarness.HOST_QUEUE, Duration.ofMinutes(2));
  private final Map<String, Behaviour> scripted = new ConcurrentHashMap<>();

  public FakeSteps(CallLog log) {
    this.log = log;
  }

  /** From now on, {@code step} (e.g. "buildAndPush") does {@code behaviour} for {@code id}. */
  public FakeSteps on(String step, UUID id, Behaviour behaviour) {
    scripted.put(step + "/" + id, behaviour);
    return this;
  }

  public static String imageOf(UUID id) {
    return "registry.local/app@sha256:" + id.toString().replace("-", "");
  }

  private void run(String step, UUID id, String detail) {
    log.add(step, id, detail);
    scripted.getOrDefault(step + "/" + id, Behaviour.succeed()).run(id);
  }

  /** From now on, claimBuildHost answers {@code host} (e.g. one whose queue nobody polls). */
  public FakeSteps buildHost(BuildHost host) {
    this.host = host;
    return this;
  }

  @Override
  public BuildHost claimBuildHost() {
    return host;
  }

  @Override
  public void removeWorkspace(UUID deploymentId) {
    run("removeWorkspace", deploymentId, null);
  }

  @Override
  public CheckoutResult checkout(UUID deploymentId) {
    run("checkout", deploymentId, null);
    return new CheckoutResult(COMMIT, "/workspaces/" + deploymentId);
  }

  @Override
  public BuiltImage buildAndPush(UUID deploymentId, CheckoutResult source) {
    run("buildAndPush", deploymentId, source.commitSha());
    return new BuiltImage(imageOf(deploymentId), false);
  }

  @Override
  public void apply(UUID deploymentId, String imageRef) {
    run("apply", deploymentId, imageRef);
  }

  @Override
  public void awaitRollout(UUID deploymentId) {
    run("awaitRollout", deploymentId, null);
  }

  @Override
  public void removeService(UUID serviceId) {
    run("removeService", serviceId, null);
  }
}
