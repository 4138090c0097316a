package io.deploymcp.worker.cluster;

import java.util.UUID;

/** What the database says about where and how one deployment runs. Ids and settings only. */
record ClusterInputs(
    UUID serviceId,
    String tenantName,
    String projectName,
    String serviceName,
    String kind,
    String schedule,
    int port,
    int cpuMillis,
    int memoryMib,
    String healthCheckPath,
    String environment,
    String commitSha,
    String status) {}
