package io.deploymcp.api.service;

import io.deploymcp.api.validation.BuildPack;
import io.deploymcp.api.validation.CpuQuantity;
import io.deploymcp.api.validation.CronSchedule;
import io.deploymcp.api.validation.DockerfilePath;
import io.deploymcp.api.validation.EnvVars;
import io.deploymcp.api.validation.GitRef;
import io.deploymcp.api.validation.GithubInstallationId;
import io.deploymcp.api.validation.HealthCheckPath;
import io.deploymcp.api.validation.MemoryQuantity;
import io.deploymcp.api.validation.Port;
import io.deploymcp.api.validation.ProjectName;
import io.deploymcp.api.validation.RepoUrl;
import io.deploymcp.api.validation.RootDir;
import io.deploymcp.api.validation.ServiceKind;
import io.deploymcp.api.validation.ServiceName;
import io.deploymcp.api.validation.WatchPaths;

/**
 * A fully validated service description; schedule, health check and GitHub installation may be
 * null.
 */
public record ServiceSpec(
    ServiceName name,
    ProjectName project,
    RepoUrl repo,
    GitRef branch,
    BuildPack buildPack,
    RootDir rootDir,
    Port port,
    CpuQuantity cpu,
    MemoryQuantity memory,
    ServiceKind kind,
    CronSchedule schedule,
    HealthCheckPath healthCheckPath,
    EnvVars env,
    DockerfilePath dockerfilePath,
    GithubInstallationId githubInstallationId,
    WatchPaths watchPaths) {}
