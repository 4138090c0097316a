package io.deploymcp.api.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A service's settings as create_service takes them (env aside): what a dry run shows, and what
 * an update compares field by field.
 */
public record ServiceSettings(
    String name,
    String project,
    String repo,
    String branch,
    String buildPack,
    String rootDir,
    int port,
    String cpu,
    String memory,
    String kind,
    String schedule,
    String healthCheckPath,
    String dockerfilePath,
    Long githubInstallationId,
    List<String> watchPaths) {

  public static ServiceSettings of(ServiceSpec spec) {
    return new ServiceSettings(
        spec.name().value(),
        spec.project().value(),
        spec.repo().value(),
        spec.branch().value(),
        spec.buildPack().wireName(),
        spec.rootDir().value(),
        spec.port().value(),
        spec.cpu().format(),
        spec.memory().format(),
        spec.kind().wireName(),
        spec.schedule() == null ? null : spec.schedule().value(),
        spec.healthCheckPath() == null ? null : spec.healthCheckPath().value(),
        spec.dockerfilePath().value(),
        spec.githubInstallationId() == null ? null : spec.githubInstallationId().value(),
        List.copyOf(spec.watchPaths().values()));
  }

  public static ServiceSettings of(ServiceView view) {
    return new ServiceSettings(
        view.name(), view.project(), view.repo(), view.branch(), view.buildPack(), view.rootDir(), view.port(),
        view.cpu(), view.memory(), view.kind(), view.schedule(), view.healthCheckPath(), view.dockerfilePath(),
        view.githubInstallationId(), List.copyOf(view.watchPaths()));
  }

  /** The fields whose value differs in {@code next}, in declaration order (snake_case names). */
  public List<FieldChange> changesTo(ServiceSettings next) {
    List<FieldChange> changes = new ArrayList<>();
    compare(changes, "repo", repo, next.repo);
    compare(changes, "branch", branch, next.branch);
    compare(changes, "build_pack", buildPack, next.buildPack);
    compare(changes, "root_dir", rootDir, next.rootDir);
    compare(changes, "port", port, next.port);
    compare(changes, "cpu", cpu, next.cpu);
    compare(changes, "memory", memory, next.memory);
    compare(changes, "kind", kind, next.kind);
    compare(changes, "schedule", schedule, next.schedule);
    compare(changes, "health_check_path", healthCheckPath, next.healthCheckPath);
    compare(changes, "dockerfile_path", dockerfilePath, next.dockerfilePath);
    compare(changes, "github_installation_id", githubInstallationId, next.githubInstallationId);
    compare(changes, "watch_paths", watchPaths, next.watchPaths);
    return List.copyOf(changes);
  }

  private static void compare(List<FieldChange> out, String field, Object from, Object to) {
    if (!Objects.equals(from, to)) {
      out.add(new FieldChange(field, from, to));
    }
  }

  /** One setting a change would alter: its name and its value before and after. */
  public record FieldChange(String field, Object from, Object to) {}
}
