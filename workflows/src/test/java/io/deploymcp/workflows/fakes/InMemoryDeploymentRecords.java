package io.deploymcp.workflows.fakes;

import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.activities.DeploymentFailure;
import io.deploymcp.workflows.activities.DeploymentRecordActivities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The deployments table as a map, with the same rules as the SQL implementation: terminal
 * rows never change, supersede touches only older active rows of the same service.
 */
public final class InMemoryDeploymentRecords implements DeploymentRecordActivities {
  private static final class Row {
    final UUID serviceId;
    DeploymentStatus status = DeploymentStatus.QUEUED;
    String commitSha;
    String imageRef;
    DeploymentFailure failure;

    Row(UUID serviceId) {
      this.serviceId = serviceId;
    }
  }

  private final CallLog log;
  // Insertion order stands in for created_at.
  private final Map<UUID, Row> rows = new LinkedHashMap<>();

  public InMemoryDeploymentRecords(CallLog log) {
    this.log = log;
  }

  /** What the API does before it starts a workflow: a queued row. */
  public UUID queue(UUID serviceId) {
    return queue(serviceId, UUID.randomUUID());
  }

  public synchronized UUID queue(UUID serviceId, UUID id) {
    rows.put(id, new Row(serviceId));
    return id;
  }

  /** Simulates another writer (a newer deploy, a cancel request) changing the row. */
  public synchronized void setStatus(UUID id, DeploymentStatus status) {
    rows.get(id).status = status;
  }

  public synchronized DeploymentStatus status(UUID id) {
    return rows.get(id).status;
  }

  public synchronized String commitSha(UUID id) {
    return rows.get(id).commitSha;
  }

  public synchronized DeploymentFailure failure(UUID id) {
    return rows.get(id).failure;
  }

  @Override
  public synchronized List<UUID> supersedeOlder(UUID deploymentId) {
    log.add("supersedeOlder", deploymentId, null);
    Row self = rows.get(deploymentId);
    List<UUID> superseded = new ArrayList<>();
    for (var entry : rows.entrySet()) {
      if (entry.getKey().equals(deploymentId)) {
        break;
      }
      Row row = entry.getValue();
      if (row.serviceId.equals(self.serviceId) && !row.status.isTerminal()) {
        row.status = DeploymentStatus.SUPERSEDED;
        superseded.add(entry.getKey());
      }
    }
    return superseded;
  }

  @Override
  public synchronized boolean enterPhase(UUID deploymentId, DeploymentStatus phase) {
    log.add("enterPhase", deploymentId, phase.wireName());
    Row row = rows.get(deploymentId);
    if (row.status.isTerminal()) {
      return false;
    }
    row.status = phase;
    return true;
  }

  @Override
  public synchronized void recordCommit(UUID deploymentId, String commitSha) {
    log.add("recordCommit", deploymentId, commitSha);
    rows.get(deploymentId).commitSha = commitSha;
  }

  @Override
  public synchronized void markRunning(UUID deploymentId, String imageRef) {
    log.add("markRunning", deploymentId, imageRef);
    Row row = rows.get(deploymentId);
    if (!row.status.isTerminal()) {
      row.status = DeploymentStatus.RUNNING;
      row.imageRef = imageRef;
    }
  }

  @Override
  public synchronized void markFailed(UUID deploymentId, DeploymentFailure failure) {
    log.add("markFailed", deploymentId, failure.code());
    Row row = rows.get(deploymentId);
    if (!row.status.isTerminal()) {
      row.status = DeploymentStatus.FAILED;
      row.failure = failure;
    }
  }

  @Override
  public synchronized void markCancelled(UUID deploymentId) {
    log.add("markCancelled", deploymentId, null);
    Row row = rows.get(deploymentId);
    if (!row.status.isTerminal()) {
      row.status = DeploymentStatus.CANCELLED;
    }
  }

  @Override
  public synchronized List<UUID> cancelActiveDeployments(UUID serviceId) {
    log.add("cancelActiveDeployments", serviceId, null);
    List<UUID> cancelled = new ArrayList<>();
    rows.forEach(
        (id, row) -> {
          if (row.serviceId.equals(serviceId) && !row.status.isTerminal()) {
            row.status = DeploymentStatus.CANCELLED;
            cancelled.add(id);
          }
        });
    return cancelled;
  }
}
