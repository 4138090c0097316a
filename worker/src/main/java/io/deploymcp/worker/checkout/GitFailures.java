package io.deploymcp.worker.checkout;

import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.SecretRedactor;
import io.deploymcp.workflows.FailureCodes;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/**
 * Classifies what JGit threw while talking to a remote into our reason codes. The message
 * kept is JGit's own, redacted; the cause is not attached, so nothing unredacted reaches the
 * workflow history.
 */
final class GitFailures {
  private GitFailures() {}

  static RuntimeException classify(Throwable error, Collection<String> secrets) {
    String message = SecretRedactor.redact(describe(error), secrets);
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof NoRemoteRepositoryException) {
        return ActivityFailures.permanent(
            FailureCodes.REPO_NOT_FOUND,
            message,
            "Check the repository URL (it must exist and be reachable by the worker).");
      }
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof InterruptedIOException
          || t instanceof SocketException) {
        return ActivityFailures.transientFailure(
            FailureCodes.REPO_UNREACHABLE,
            message,
            "The git host did not answer; deploy again later, or check that the worker can"
                + " reach it.");
      }
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("not authorized")
        || lower.contains("authentication")
        || lower.contains("401")
        || lower.contains("403")) {
      return ActivityFailures.permanent(
          FailureCodes.REPO_AUTH_FAILED,
          message,
          "The repository is private or does not exist: store a git token with read access"
              + " for this host, or check the URL.");
    }
    if (lower.contains("not found") || lower.contains("does not appear to be a git repository")) {
      return ActivityFailures.permanent(
          FailureCodes.REPO_NOT_FOUND, message, "Check the repository URL.");
    }
    return ActivityFailures.transientFailure(
        FailureCodes.REPO_UNREACHABLE,
        message,
        "Fetching the repository failed; deploy again, and check the URL if it keeps failing.");
  }

  private static String describe(Throwable error) {
    // The innermost message is usually the precise one ("repository not found").
    Throwable deepest = error;
    while (deepest.getCause() != null && deepest.getCause().getMessage() != null) {
      deepest = deepest.getCause();
    }
    String text = deepest.getMessage() != null ? deepest.getMessage() : deepest.getClass().getSimpleName();
    return "git could not read the repository: " + text;
  }
}
