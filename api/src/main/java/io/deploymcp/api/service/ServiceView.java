package io.deploymcp.api.service;

import io.deploymcp.api.deployment.DeploymentView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A service as the API shows it, with its URL, latest deployment (null before the first) and
 * what each environment serves.
 */
public record ServiceView(
    UUID id,
    String name,
    String project,
    String url,
    String repo,
    String branch,
    String rootDir,
    String buildPack,
    int port,
    String cpu,
    String memory,
    String kind,
    String schedule,
    String healthCheckPath,
    String dockerfilePath,
    Long githubInstallationId,
    List<String> watchPaths,
    /* Whether a per-service webhook secret is set; the secret itself is shown only once. */
    boolean webhookSecretSet,
    Instant createdAt,
    Instant updatedAt,
    DeploymentView latestDeployment,
    ServiceEnvironments environments,
    /* One line on production from Prometheus (GET of one service and get_service only); null without PROMETHEUS_URL. */
    String health) {

  /** Without a health line: every answer but the GET of one service. */
  public ServiceView(
      UUID id, String name, String project, String url, String repo, String branch, String rootDir, String buildPack,
      int port, String cpu, String memory, String kind, String schedule, String healthCheckPath, String dockerfilePath,
      Long githubInstallationId, List<String> watchPaths, boolean webhookSecretSet, Instant createdAt,
      Instant updatedAt, DeploymentView latestDeployment, ServiceEnvironments environments) {
    this(id, name, project, url, repo, branch, rootDir, buildPack, port, cpu, memory, kind, schedule, healthCheckPath,
        dockerfilePath, githubInstallationId, watchPaths, webhookSecretSet, createdAt, updatedAt, latestDeployment,
        environments, null);
  }

  /** This view with get_service's health line. */
  public ServiceView withHealth(String health) {
    return new ServiceView(id, name, project, url, repo, branch, rootDir, buildPack, port, cpu, memory, kind,
        schedule, healthCheckPath, dockerfilePath, githubInstallationId, watchPaths, webhookSecretSet, createdAt,
        updatedAt, latestDeployment, environments, health);
  }

  /** This view with other environments (e.g. with the cluster's live status added). */
  public ServiceView withEnvironments(ServiceEnvironments environments) {
    return new ServiceView(id, name, project, url, repo, branch, rootDir, buildPack, port, cpu, memory, kind,
        schedule, healthCheckPath, dockerfilePath, githubInstallationId, watchPaths, webhookSecretSet, createdAt,
        updatedAt, latestDeployment, environments, health);
  }
}
