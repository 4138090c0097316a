package io.deploymcp.api.service;

import io.deploymcp.api.validation.BuildPack;
import io.deploymcp.api.validation.CpuQuantity;
import io.deploymcp.api.validation.CronSchedule;
import io.deploymcp.api.validation.EnvVars;
import io.deploymcp.api.validation.GitRef;
import io.deploymcp.api.validation.HealthCheckPath;
import io.deploymcp.api.validation.MemoryQuantity;
import io.deploymcp.api.validation.Port;
import io.deploymcp.api.validation.ProjectName;
import io.deploymcp.api.validation.RepoUrl;
import io.deploymcp.api.validation.RootDir;
import io.deploymcp.api.validation.ServiceKind;
import io.deploymcp.api.validation.ServiceName;

/** A fully validated service description; schedule and health check may be null. */
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
    EnvVars env) {}
