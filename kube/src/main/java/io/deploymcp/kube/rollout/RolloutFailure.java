package io.deploymcp.kube.rollout;

/**
 * Why a rollout failed: the stable code of the deployment's structured error (issue 5 §3).
 * The names are part of the API and the database; never rename one.
 */
public enum RolloutFailure {
  /** The node could not pull the image (not in the registry, no access, registry down). */
  IMAGE_PULL_FAILED,
  /** The container keeps exiting; the error carries the previous instance's last log lines. */
  CRASH_LOOP,
  /** The container was killed for going over its memory limit. */
  OOM_KILLED,
  /** The health check never passed (HTTP status, refused connection, timeout). */
  PROBE_FAILED,
  /** The container could not be created from its configuration (CreateContainerConfigError…). */
  CONFIG_ERROR,
  /** No node can take the pod (not enough cpu or memory, no node for the sandbox). */
  UNSCHEDULABLE,
  /** The project's ResourceQuota refused the pod. */
  QUOTA_EXCEEDED,
  /** Nothing failed outright, but the new version was not ready in time. */
  ROLLOUT_TIMEOUT
}
