package io.deploymcp.crash.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Services the suites deploy: each in a project of its own (so its namespace holds its objects
 * and nothing else's), from a git repository of its own whose static site is unique (so its first
 * build really builds and pushes).
 */
public final class Services {
  public static final Set<String> TERMINAL = Set.of("running", "failed", "cancelled", "superseded");
  public static final String TENANT = "default";

  private final CrashPlatform platform;
  private final Path repos;
  private final Random random;

  public Services(CrashPlatform platform, Path repos, Random random) {
    this.platform = platform;
    this.repos = repos;
    this.random = random;
  }

  /** What one service is called and where its things live. */
  public record Names(String service, String project, GitRepo repo) {
    public String namespace() {
      return "dp-" + TENANT + "-" + project;
    }

    /** The image repository pushes go to: {@code <registry>/<namespace>/<service>}. */
    public String imageRepository() {
      return namespace() + "/" + service;
    }

    public String createBody() {
      return "{\"name\":" + ApiClient.quote(service) + ",\"repo\":" + ApiClient.quote(repo.fileUrl())
          + ",\"branch\":\"main\",\"build_pack\":\"static\",\"project\":" + ApiClient.quote(project) + "}";
    }
  }

  /** A fresh name, project and repository ({@code padding} bytes of files besides the site). */
  public Names fresh(String prefix, int padding) throws IOException, InterruptedException {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String service = prefix + "-" + id;
    GitRepo repo = GitRepo.staticSite(repos.resolve(service), service + " " + UUID.randomUUID(), padding, random);
    return new Names(service, "p" + id, repo);
  }

  /** POST /v1/services; returns the deployment id of the 202. */
  public UUID create(Names names) throws IOException, InterruptedException {
    ApiClient.Response r = platform.client().post("/v1/services", names.createBody(), null, Duration.ofSeconds(30));
    if (r.status() != 202) {
      throw new AssertionError("create " + names.service() + ": " + r);
    }
    return UUID.fromString(r.json().path("deployment_id").asText());
  }

  /** The deployment row as the worker left it. */
  public Map<String, Object> row(UUID deploymentId) {
    List<Map<String, Object>> rows =
        platform.sql().rows(
            "select d.status, d.error_code, d.error_message, d.image_ref, d.commit_sha, d.build_skipped,"
                + " d.cloning_at, d.building_at, d.deploying_at, d.finished_at, d.created_at, d.service_id"
                + " from deployments d where d.id = ?",
            deploymentId);
    return rows.isEmpty() ? Map.of() : rows.getFirst();
  }

  public String status(UUID deploymentId) {
    Object s = platform.sql().one("select status from deployments where id = ?", deploymentId);
    return s == null ? "absent" : s.toString();
  }

  /** Waits until every deployment is terminal or the time is up; returns the ones that are not. */
  public List<UUID> awaitTerminal(List<UUID> deployments, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<UUID> open = deployments;
    while (true) {
      open = open.stream().filter(id -> !TERMINAL.contains(status(id))).toList();
      if (open.isEmpty() || System.nanoTime() > deadline) {
        return open;
      }
      Thread.sleep(200);
    }
  }

  /** The build log's highest sequence number so far (0 without lines). */
  public long maxLogSeq(UUID deploymentId) {
    Object seq = platform.sql().one("select max(seq) from deployment_logs where deployment_id = ?", deploymentId);
    return seq == null ? 0 : ((Number) seq).longValue();
  }

  /** Build log lines after {@code afterSeq}, oldest first. */
  public List<String> logAfter(UUID deploymentId, long afterSeq) {
    return platform.sql()
        .rows("select line from deployment_logs where deployment_id = ? and type = 'build' and seq > ? order by seq",
            deploymentId, afterSeq)
        .stream()
        .map(r -> r.get("line").toString())
        .toList();
  }
}
