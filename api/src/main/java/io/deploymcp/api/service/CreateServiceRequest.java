package io.deploymcp.api.service;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /v1/services; the same fields as the create_service MCP tool. */
public record CreateServiceRequest(
    @Schema(description = "DNS label, globally unique: it becomes https://<name>.<apps domain>", required = true, examples = "cool-api")
        String name,
    @Schema(description = "https git URL", required = true, examples = "https://github.com/org/repo") String repo,
    @Schema(description = "Branch to deploy", defaultValue = "main") String branch,
    @Schema(description = "Project (namespace) of the service; created on first use", defaultValue = "default")
        String project,
    @Schema(description = "railpack, dockerfile or static", defaultValue = "railpack") String buildPack,
    @Schema(description = "Directory inside the repository to build", defaultValue = "") String rootDir,
    @Schema(description = "Port the app listens on", defaultValue = "8080") Integer port,
    @Schema(description = "CPU as a Kubernetes quantity", defaultValue = "250m") String cpu,
    @Schema(description = "Memory as a Kubernetes quantity", defaultValue = "256Mi") String memory,
    @Schema(description = "Environment variables; values are stored encrypted and never returned") Map<String, String> env,
    @Schema(description = "web, worker or cron", defaultValue = "web") String kind,
    @Schema(description = "Five-field cron expression; required for kind cron", examples = "*/15 * * * *") String schedule,
    @Schema(description = "Path of the readiness probe", examples = "/healthz") String healthCheckPath) {

  @Override
  public String toString() {
    return "CreateServiceRequest[name=" + name + ", repo=" + repo + ", env=" + (env == null ? "{}" : env.keySet()) + "]";
  }
}
