package io.deploymcp.crash.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches worker hosts' workspace directories twice a second for the whole suite: how old each
 * workspace got (by its modification time, as WorkspaceSweeper judges it) before it went away, so
 * "no workspace outlives its sweeper's bound" is checked all along, not only at the end.
 */
public final class WorkspaceWatch implements AutoCloseable {
  private final List<Path> roots;
  private final Map<Path, Seen> seen = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean stopped;

  /** One workspace as observed: when it was first and last there, and its greatest age. */
  public record Seen(Path path, Instant first, Instant last, Duration maxAge) {}

  private WorkspaceWatch(List<Path> roots) {
    this.roots = List.copyOf(roots);
    this.thread = Thread.ofPlatform().daemon().name("workspace-watch").start(this::loop);
  }

  public static WorkspaceWatch start(List<Path> roots) {
    return new WorkspaceWatch(roots);
  }

  private void loop() {
    while (!stopped) {
      sample();
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    Instant now = Instant.now();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
        for (Path entry : entries) {
          Instant modified;
          try {
            modified = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant();
          } catch (IOException gone) {
            continue;
          }
          Duration age = Duration.between(modified, now);
          seen.merge(entry, new Seen(entry, now, now, age),
              (old, fresh) -> new Seen(entry, old.first(), now, max(old.maxAge(), age)));
        }
      } catch (IOException e) {
        // a root that went away meanwhile
      }
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Everything seen so far. */
  public List<Seen> seen() {
    sample();
    return List.copyOf(seen.values());
  }

  /** The workspaces present now. */
  public List<Path> present() throws IOException {
    List<Path> out = new java.util.ArrayList<>();
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
          entries.forEach(out::add);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
