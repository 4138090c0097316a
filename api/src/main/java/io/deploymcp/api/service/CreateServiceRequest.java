package io.deploymcp.api.service;

import java.util.List;
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
    @Schema(description = "Environment variables; values are stored encrypted and never returned."
        + " Each is a secret by default: the build sees it only as a BuildKit secret, never in the image") Map<String, String> env,
    @Schema(description = "Keys of env that are plain build-time values, passed to the build as build args (e.g. NODE_ENV);"
        + " their values are still never returned", examples = "[\"NODE_ENV\"]") List<String> envPlain,
    @Schema(description = "web, worker or cron", defaultValue = "web") String kind,
    @Schema(description = "Five-field cron expression; required for kind cron", examples = "*/15 * * * *") String schedule,
    @Schema(description = "Path of the readiness probe", examples = "/healthz") String healthCheckPath,
    @Schema(description = "Dockerfile of build pack dockerfile, relative to root_dir; no '..'", defaultValue = "Dockerfile")
        String dockerfilePath,
    @Schema(description = "GitHub App installation id that may read a private GitHub repo; omit for public repos and Gitea",
        examples = "12345678") Long githubInstallationId,
    @Schema(description = "Paths (relative to the repository root, plain prefixes) whose changes also trigger a webhook deploy;"
        + " a push deploys when a changed file lies under root_dir or one of these", examples = "[\"libs/common\"]")
        List<String> watchPaths) {

  /** The same request in another project. */
  public CreateServiceRequest withProject(String otherProject) {
    return new CreateServiceRequest(
        name, repo, branch, otherProject, buildPack, rootDir, port, cpu, memory, env, envPlain, kind, schedule,
        healthCheckPath, dockerfilePath, githubInstallationId, watchPaths);
  }

  @Override
  public String toString() {
    return "CreateServiceRequest[name=" + name + ", repo=" + repo + ", env=" + (env == null ? "{}" : env.keySet()) + "]";
  }
}
