package io.deploymcp.ops.gc;

/**
 * Told the plan after the registry was read and before anything is claimed. The report prints
 * it; a test uses the moment to start a deploy while the run is open.
 */
@FunctionalInterface
public interface RunListener {
  RunListener NONE = (run, plan) -> {};

  void planned(GcRun run, GcPlan plan);
}
