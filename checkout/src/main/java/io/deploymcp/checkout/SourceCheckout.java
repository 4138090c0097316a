package io.deploymcp.checkout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks out one commit of a repository into a fresh per-deployment workspace: a shallow
 * (depth 1) fetch of the branch or exact commit, the size and submodule rules, the
 * {@code root_dir} check, all within one timeout. Failures are {@link CheckoutException}s with a
 * code; on failure the workspace is already removed. Thread-safe; holds no state between calls.
 *
 * <p>The JGit work runs on a virtual thread of its own while the calling thread watches the
 * clock and the download size: interrupting a virtual thread closes the socket it is blocked
 * in, so a stalled server or a single huge object cannot outlast the limits.
 *
 * <p>Connections go only where {@link GitNetwork} allows: the repository's host is resolved
 * once per checkout, every address is checked against the address policy (the API's rule),
 * and the connection goes to exactly those addresses; redirects are followed only on the
 * repository's own scheme, host and port, and the token is offered to no other.
 */
public final class SourceCheckout {
  private static final Logger log = LoggerFactory.getLogger(SourceCheckout.class);
  private static final long TICK_MILLIS = 100;
  private static final long LISTENER_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long a stopped checkout may take to let go of its workspace. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final GitNetwork network;

  /** Public addresses only, with the system's DNS: the production rule. */
  public SourceCheckout() {
    this(GitNetwork.publicOnly());
  }

  public SourceCheckout(GitNetwork network) {
    this.network = java.util.Objects.requireNonNull(network, "network");
  }

  public CheckedOutSource checkout(CheckoutRequest request) {
    return checkout(request, CheckoutListener.NONE);
  }

  public CheckedOutSource checkout(CheckoutRequest request, CheckoutListener listener) {
    long started = System.nanoTime();
    String rootDir = RootDir.normalize(request.rootDir());
    List<String> secrets = request.auth().map(a -> List.of(a.token())).orElse(List.of());
    Path workspace = request.workspace();
    CheckoutGuard guard = new CheckoutGuard(started, request.limits());
    boolean done = false;
    try {
      // A leftover from an earlier attempt of the same deployment is replaced.
      Workspaces.deleteTree(workspace);
      Files.createDirectories(workspace);
      GitCheckout git =
          new GitCheckout(
              request.repo(), request.auth(), guard, request.limits().submodules(), secrets, network);
      GitCheckout.Result result = supervise(() -> git.run(workspace, request.ref()), guard, listener);
      Path context = RootDir.resolve(workspace, rootDir);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      log.info(
          "checked out {} {} at {}: {} bytes in {} ms ({})",
          SecretRedactor.redact(request.repo().toString(), secrets),
          request.ref(),
          result.commitSha(),
          result.bytes(),
          took.toMillis(),
          result.timings());
      done = true;
      return new CheckedOutSource(result.commitSha(), workspace, context, result.bytes(), took);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not prepare workspace " + workspace + ": " + e.getClass().getSimpleName(), e);
    } finally {
      if (!done) {
        Workspaces.remove(workspace);
      }
    }
  }

  @FunctionalInterface
  private interface Work {
    GitCheckout.Result run() throws IOException;
  }

  private static GitCheckout.Result supervise(Work work, CheckoutGuard guard, CheckoutListener listener)
      throws IOException {
    Object[] outcome = new Object[1];
    Thread thread =
        Thread.ofVirtual()
            .name("checkout")
            .start(
                () -> {
                  try {
                    outcome[0] = work.run();
                  } catch (Throwable t) {
                    outcome[0] = t;
                  }
                });
    long lastReport = System.nanoTime();
    try {
      while (!thread.join(Duration.ofMillis(TICK_MILLIS))) {
        CheckoutException breach = guard.breach();
        if (breach != null) {
          stop(thread, guard, breach);
          throw breach;
        }
        if (System.nanoTime() - lastReport >= LISTENER_EVERY_NANOS) {
          lastReport = System.nanoTime();
          try {
            listener.progress(guard.status());
          } catch (RuntimeException | Error e) {
            stop(thread, guard, GitErrors.timeout("the repository", null));
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      stop(thread, guard, GitErrors.timeout("the repository", null));
      Thread.currentThread().interrupt();
      throw new CheckoutException(
          CheckoutFailure.CLONE_TIMEOUT,
          "the checkout was interrupted",
          "The worker is stopping; the checkout is retried elsewhere.");
    }
    // join() established happens-before with everything the thread wrote.
    Object result = outcome[0];
    if (result instanceof GitCheckout.Result ok) {
      return ok;
    }
    CheckoutException stopped = guard.aborted();
    if (stopped != null) {
      throw stopped;
    }
    if (result instanceof CheckoutException e) {
      throw e;
    }
    if (result instanceof IOException e) {
      throw e;
    }
    if (result instanceof RuntimeException e) {
      throw e;
    }
    if (result instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("checkout ended without a result");
  }

  private static void stop(Thread thread, CheckoutGuard guard, CheckoutException reason) {
    guard.abort(reason);
    thread.interrupt();
    try {
      if (!thread.join(STOP_GRACE)) {
        log.warn("checkout thread still running {} s after it was stopped", STOP_GRACE.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
