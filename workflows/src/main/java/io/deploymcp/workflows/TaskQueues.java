package io.deploymcp.workflows;

/** Task-queue names shared by the API (which starts workflows) and the worker (which polls). */
public final class TaskQueues {
  /** Default queue; both sides read {@code DP_TASK_QUEUE} to override it. */
  public static final String DEFAULT = "deploy-mcp";

  private TaskQueues() {}
}
