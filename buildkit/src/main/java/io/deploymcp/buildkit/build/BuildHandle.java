package io.deploymcp.buildkit.build;

import io.deploymcp.buildkit.BuildKitErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running build. {@link #await()} returns its result or throws its classified failure;
 * {@link #cancel()} cancels the Solve call (the daemon then stops the build, killing running
 * steps) and ends the session. Thread-safe: a heartbeat thread may call {@link #status()} and
 * {@link #cancel()} while another waits.
 */
public final class BuildHandle {
  /** Why a build was stopped by us rather than by the daemon. */
  enum StopReason { CANCELLED, TIMED_OUT, STALLED }

  private final String ref;
  private final BuildProgress progress;
  private final CompletableFuture<BuildResult> result = new CompletableFuture<>();
  private volatile StopReason stopReason;
  private volatile Runnable canceller = () -> {};

  BuildHandle(String ref, BuildProgress progress) {
    this.ref = ref;
    this.progress = progress;
  }

  /** The build's id at the daemon (SolveRequest.Ref / StatusRequest.Ref). */
  public String ref() {
    return ref;
  }

  /** Short summary for a heartbeat, e.g. {@code #7 [3/5] RUN npm ci (12s); 4 steps done, 2 cached}. */
  public String status() {
    return progress.summary();
  }

  /**
   * How long the daemon has said nothing about this build: no step started or ended, no output,
   * no progress (pulls, context transfer). Counted from the start until the first status.
   */
  public Duration silence() {
    return progress.silence();
  }

  /**
   * Cancels the build as stalled: {@link #await()} then throws
   * {@link BuildKitErrorCode#BUILD_STALLED}. No-op once done.
   */
  public void stopStalled() {
    stop(StopReason.STALLED);
  }

  public boolean isDone() {
    return result.isDone();
  }

  /** Waits for the end of the build. If this thread is interrupted, the build is cancelled. */
  public BuildResult await() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw cancelledWhileWaiting();
    } catch (ExecutionException e) {
      throw rethrow(e);
    }
  }

  /**
   * Waits at most {@code limit}; past it the build is cancelled and fails with
   * {@link BuildKitErrorCode#BUILD_TIMEOUT}.
   */
  public BuildResult await(Duration limit) {
    try {
      return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      stop(StopReason.TIMED_OUT);
      return await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw cancelledWhileWaiting();
    } catch (ExecutionException e) {
      throw rethrow(e);
    }
  }

  /** Cancels the build; {@link #await()} then throws {@link BuildKitErrorCode#BUILD_CANCELLED}. No-op once done. */
  public void cancel() {
    stop(StopReason.CANCELLED);
  }

  StopReason stopReason() {
    return stopReason;
  }

  void onCancel(Runnable canceller) {
    this.canceller = canceller;
  }

  void complete(BuildResult value) {
    result.complete(value);
  }

  void fail(BuildFailedException failure) {
    result.completeExceptionally(failure);
  }

  private synchronized void stop(StopReason reason) {
    if (result.isDone() || stopReason != null) {
      return;
    }
    stopReason = reason;
    canceller.run();
  }

  private BuildFailedException cancelledWhileWaiting() {
    return new BuildFailedException(BuildKitErrorCode.BUILD_CANCELLED,
        "build " + ref + " was cancelled: the waiting thread was interrupted",
        "Nothing to fix in the build; start it again if it is still wanted.", null, List.of(), null);
  }

  private static RuntimeException rethrow(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof BuildFailedException failure) {
      // A fresh exception keeps this caller's stack; the original stays as the cause.
      return new BuildFailedException(failure.code(), failure.getMessage(), failure.hint(),
          failure.failedStep().orElse(null), failure.logTail(), failure, failure.sessionLost());
    }
    if (cause instanceof CancellationException cancellation) {
      return cancellation;
    }
    return new IllegalStateException("build failed unexpectedly", cause);
  }
}
