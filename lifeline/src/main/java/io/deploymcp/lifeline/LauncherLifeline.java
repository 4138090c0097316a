package io.deploymcp.lifeline;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Ends this process when the process that launched it is gone. {@code bin/local-stack} runs the
 * API and the worker as its children and names itself in {@value #VARIABLE}; a launcher killed
 * with SIGKILL cannot stop them, and without this they would keep its ports, its database
 * connections and its Temporal task queue until someone found them. Without the variable (a
 * container, a service manager, a developer's own run) nothing is watched: there the supervisor
 * stops the process.
 */
public final class LauncherLifeline {
  public static final String VARIABLE = "DP_LAUNCHER_PID";

  private final long launcherPid;
  private final CompletableFuture<Void> gone;

  private LauncherLifeline(long launcherPid, CompletableFuture<Void> gone) {
    this.launcherPid = launcherPid;
    this.gone = gone;
  }

  /**
   * Runs {@code onLauncherGone} once, on another thread, when the process named by
   * {@value #VARIABLE} exits (at once when it is already gone). Empty when the variable is unset.
   *
   * @throws IllegalArgumentException when the variable is set but is not a process id
   */
  public static Optional<LauncherLifeline> watch(Map<String, String> env, Runnable onLauncherGone) {
    String raw = env.get(VARIABLE);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(VARIABLE + " must be a process id, not '" + raw + "'");
    }
    if (pid <= 1 || pid == ProcessHandle.current().pid()) {
      throw new IllegalArgumentException(VARIABLE + " must name the launcher's process, not " + pid);
    }
    // onExit of a process that is not our child polls for it: a second or so late at worst.
    CompletableFuture<Void> gone = ProcessHandle.of(pid)
        .map(handle -> handle.onExit().thenAccept(exited -> {}))
        .orElseGet(() -> CompletableFuture.completedFuture(null));
    gone.thenRunAsync(onLauncherGone, command -> Thread.ofPlatform().name("launcher-lifeline").daemon().start(command));
    return Optional.of(new LauncherLifeline(pid, gone));
  }

  public long launcherPid() {
    return launcherPid;
  }

  /** Completes when the launcher is gone. */
  public CompletableFuture<Void> gone() {
    return gone;
  }
}
