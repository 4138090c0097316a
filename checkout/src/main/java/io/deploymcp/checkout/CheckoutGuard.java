package io.deploymcp.checkout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * The limits of one checkout, watched from two sides: JGit asks {@link #isCancelled()} while it
 * works, and the supervising thread calls {@link #breach()} every tick, which also catches a
 * single huge object or a stalled socket that JGit would not notice by itself.
 */
final class CheckoutGuard implements ProgressMonitor {
  private final long deadlineNanos;
  private final CheckoutLimits limits;
  private volatile CheckoutException abort;
  private volatile Path watchedObjects;
  private volatile String phase = "starting";
  private volatile String task = "";
  private volatile int taskTotal;
  private volatile int taskDone;
  private long checkedOutBytes;

  CheckoutGuard(long startNanos, CheckoutLimits limits) {
    this.deadlineNanos = startNanos + limits.timeout().toNanos();
    this.limits = limits;
  }

  /** Seconds left for JGit's socket timeout; at least 1 (0 would mean "no timeout"). */
  int remainingSeconds() {
    long left = deadlineNanos - System.nanoTime();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L));
  }

  boolean pastDeadline() {
    return System.nanoTime() - deadlineNanos > 0;
  }

  long maxBytes() {
    return limits.maxBytes();
  }

  /** Starts watching the object directory of the repository being fetched (null: none). */
  void watchDownload(Path gitDir) {
    watchedObjects = gitDir == null ? null : gitDir.resolve("objects");
  }

  void phase(String phase) {
    this.phase = phase;
    this.task = "";
  }

  String status() {
    String current = task;
    if (current.isEmpty()) {
      return phase;
    }
    int total = taskTotal;
    return total > 0
        ? phase + ": " + current + " " + Math.min(100, taskDone * 100L / total) + "%"
        : phase + ": " + current;
  }

  /** Adds checked-out bytes and fails when the total passes the limit. */
  synchronized long addCheckedOut(long bytes, String what) {
    checkedOutBytes += bytes;
    if (checkedOutBytes > limits.maxBytes()) {
      throw tooLarge(what + " would check out " + checkedOutBytes + " bytes in total");
    }
    return checkedOutBytes;
  }

  synchronized long checkedOutBytes() {
    return checkedOutBytes;
  }

  /** The limit this checkout has broken, if any; called by the supervising thread. */
  CheckoutException breach() {
    if (abort != null) {
      return abort;
    }
    if (pastDeadline()) {
      return GitErrors.timeout("the repository", null);
    }
    Path objects = watchedObjects;
    if (objects != null) {
      long downloaded = sizeOf(objects);
      if (downloaded > limits.maxBytes()) {
        return tooLarge("the download reached " + downloaded + " bytes");
      }
    }
    return null;
  }

  /** Makes JGit stop at its next check; the first reason wins. */
  synchronized void abort(CheckoutException reason) {
    if (abort == null) {
      abort = reason;
    }
  }

  /** Why the checkout was stopped from outside, or null. */
  CheckoutException aborted() {
    return abort;
  }

  CheckoutException tooLarge(String detail) {
    return new CheckoutException(
        CheckoutFailure.CHECKOUT_TOO_LARGE,
        "the checkout is larger than the limit of " + limits.maxBytes() + " bytes (" + detail + ")",
        "Make the repository smaller at this commit (move large files out, e.g. to releases or"
            + " object storage; root_dir does not help, the whole commit is fetched), or ask the"
            + " operator to raise the checkout size limit.");
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .mapToLong(
              f -> {
                try {
                  return Files.isRegularFile(f) ? Files.size(f) : 0;
                } catch (IOException e) {
                  return 0; // a temporary file renamed meanwhile
                }
              })
          .sum();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  // JGit's side.

  @Override
  public boolean isCancelled() {
    return abort != null || pastDeadline() || Thread.currentThread().isInterrupted();
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {
    task = title;
    taskTotal = totalWork == UNKNOWN ? 0 : totalWork;
    taskDone = 0;
  }

  @Override
  public void update(int completed) {
    taskDone += completed;
  }

  @Override
  public void endTask() {
    task = "";
  }

  @Override
  public void showDuration(boolean enabled) {}
}
