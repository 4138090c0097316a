package io.deploymcp.ops.gc;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A run as the platform opened it ({@code POST /v1/operator/registry-gc/runs}).
 *
 * @param runId empty for a dry run (the platform opens no lease then)
 * @param expiresAt when the lease ends by itself; empty for a dry run if the platform sends none
 * @param keepLast how many recent images per service the platform counted as {@code recent}
 * @param repositories by repository path
 */
public record GcRun(Optional<UUID> runId, Optional<Instant> expiresAt, int keepLast, Map<String, RepositoryPolicy> repositories) {

  public GcRun {
    repositories = Map.copyOf(repositories);
  }

  public Optional<RepositoryPolicy> policy(String repository) {
    return Optional.ofNullable(repositories.get(repository));
  }
}
