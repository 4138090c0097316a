package io.deploymcp.api.mcp;

import io.deploymcp.api.deployment.DeploymentRepository;
import io.deploymcp.api.deployment.DeploymentView;
import java.util.UUID;

/** The next step an agent gets with a deployment it started or waited for. */
final class DeploymentHints {
  private DeploymentHints() {}

  /** Right after the start, without a wait. */
  static String started(UUID id, String status) {
    return "Deployment " + id + " is " + status + ": call get_deployment with deployment_id "
        + id + " to follow it, or pass wait_seconds to wait for it.";
  }

  /** After a wait: how it ended, or that it is still going. */
  static String afterWait(DeploymentView view, long waitedSeconds) {
    if (!DeploymentRepository.isTerminal(view)) {
      return "Still " + view.status() + " after " + waitedSeconds + " s: call get_deployment with deployment_id "
          + view.id() + ", or call get_deployment again later.";
    }
    return ended(view);
  }

  /** A finished deployment in one sentence, with the diagnosis of a failure. */
  static String ended(DeploymentView view) {
    return switch (view.status()) {
      case "running" -> "Deployment " + view.id() + " is running.";
      case "failed" -> {
        var error = view.error();
        String code = error == null || error.code() == null ? "an unknown error" : error.code();
        String phase = error == null || error.phase() == null ? "" : " while " + error.phase();
        String hint = error == null || error.hint() == null ? "" : " " + error.hint();
        // A publish or rollback builds nothing: its evidence is on the deployment itself.
        String next =
            view.sourceDeploymentId() != null
                ? " get_deployment with deployment_id " + view.id() + " shows the evidence (log_tail)."
                : " get_logs with deployment_id " + view.id() + " shows its build log.";
        yield "Deployment " + view.id() + " failed" + phase + " with " + code + "." + hint + next;
      }
      default -> "Deployment " + view.id() + " ended " + view.status() + ".";
    };
  }
}
