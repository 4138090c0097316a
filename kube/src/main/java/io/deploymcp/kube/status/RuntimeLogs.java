package io.deploymcp.kube.status;

import io.deploymcp.kube.spec.DeployEnvironment;
import java.time.Instant;
import java.util.List;

/**
 * Runtime log lines of a service's workload in one environment.
 *
 * @param environment production or preview
 * @param workload the Deployment's name
 * @param previous whether the lines are from the previous instances of the containers
 * @param lines newest first: the newest pod's lines first, each pod's newest line first
 * @param truncated whether lines were left out to stay within the line or byte bound
 * @param notes why a pod gave no lines, one short sentence per pod (e.g. no previous instance,
 *     still waiting to start)
 * @param observedAt when the cluster was read
 */
public record RuntimeLogs(
    DeployEnvironment environment,
    String workload,
    boolean previous,
    List<RuntimeLogLine> lines,
    boolean truncated,
    List<String> notes,
    Instant observedAt) {

  public RuntimeLogs {
    lines = List.copyOf(lines);
    notes = List.copyOf(notes);
  }
}
