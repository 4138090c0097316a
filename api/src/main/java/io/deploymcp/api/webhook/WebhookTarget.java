package io.deploymcp.api.webhook;

import io.deploymcp.api.validation.RootDir;
import io.deploymcp.api.validation.WatchPaths;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A live service a delivery may concern, with what deciding and starting its deploy needs. */
record WebhookTarget(
    UUID serviceId,
    UUID tenantId,
    String tenantName,
    String name,
    String repo,
    String branch,
    String rootDir,
    List<String> watchPaths,
    Long installationId,
    byte[] secretCipher) {

  /**
   * True when the push touches what the service builds: a changed file under root_dir or a
   * watch path. A service built from the repository root is touched by every push.
   */
  boolean touchedBy(Set<String> changedFiles) {
    RootDir root = new RootDir(rootDir);
    if (root.value().isEmpty()) {
      return true;
    }
    WatchPaths watched = new WatchPaths(watchPaths);
    return changedFiles.stream().anyMatch(f -> root.contains(f) || watched.matches(f));
  }

  @Override
  public String toString() {
    return "WebhookTarget[" + name + "]"; // never the secret
  }
}
