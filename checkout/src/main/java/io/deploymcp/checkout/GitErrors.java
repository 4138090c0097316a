package io.deploymcp.checkout;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/**
 * Classifies what JGit threw while fetching into a {@link CheckoutFailure}. The message kept is
 * JGit's innermost one, redacted; the cause attached is a {@link RedactedCause} copy.
 */
final class GitErrors {
  private GitErrors() {}

  /**
   * @param what names the repository in messages, e.g. {@code "the repository"} or
   *     {@code "submodule 'lib'"}
   * @param wantedCommit the full sha asked for, or null when a ref was asked for
   */
  static CheckoutException classify(
      Throwable error, String what, String wantedCommit, Collection<String> secrets) {
    String detail = SecretRedactor.redact(innermostMessage(error), secrets);
    RedactedCause cause = RedactedCause.of(error, secrets);
    String all = SecretRedactor.redact(chainText(error), secrets).toLowerCase(Locale.ROOT);
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof NoRemoteRepositoryException) {
        return new CheckoutException(
            CheckoutFailure.REPO_NOT_FOUND,
            what + " was not found: " + detail,
            "Check the repository URL: it must exist and be reachable by the worker.",
            cause);
      }
      if (t instanceof SocketTimeoutException) {
        return timeout(what, cause);
      }
    }
    if (all.contains("not authorized")
        || all.contains("authentication is required")
        || all.contains("authentication not supported")
        || all.contains(" 401")
        || all.contains(" 403")) {
      return new CheckoutException(
          CheckoutFailure.REPO_AUTH_FAILED,
          what + " refused our credentials: " + detail,
          "The repository is private (or does not exist): store a git token with read access"
              + " for this host, or install the GitHub App on the repository, then deploy again.",
          cause);
    }
    if (wantedCommit != null
        && (all.contains("not our ref")
            || all.contains("not valid")
            || all.contains("want " + wantedCommit)
            || all.contains("missing commit")
            || all.contains("missing unknown"))) {
      return commitNotFound(what, wantedCommit, cause);
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof SocketException
          || t instanceof InterruptedIOException) {
        return unreachable(what, detail, cause);
      }
    }
    if (all.contains("not found") || all.contains("does not appear to be a git repository")) {
      return new CheckoutException(
          CheckoutFailure.REPO_NOT_FOUND,
          what + " was not found: " + detail,
          "Check the repository URL.",
          cause);
    }
    return unreachable(what, detail, cause);
  }

  static CheckoutException commitNotFound(String what, String sha, Throwable cause) {
    return new CheckoutException(
        CheckoutFailure.COMMIT_NOT_FOUND,
        what + " has no commit " + sha,
        "Push the commit first, or deploy a branch; the sha must be a full 40-character commit"
            + " id that is reachable from a branch or tag of the repository.",
        cause);
  }

  static CheckoutException timeout(String what, Throwable cause) {
    return new CheckoutException(
        CheckoutFailure.CLONE_TIMEOUT,
        what + " did not finish downloading within the checkout timeout",
        "The git host is slow or stalled; the checkout is retried. If it keeps failing, check"
            + " the host's status or make the repository smaller.",
        cause);
  }

  private static CheckoutException unreachable(String what, String detail, Throwable cause) {
    return new CheckoutException(
        CheckoutFailure.REPO_UNREACHABLE,
        "could not fetch " + what + ": " + detail,
        "The git host did not answer or broke off the transfer; the checkout is retried. Check"
            + " that the worker can reach the host if it keeps failing.",
        cause);
  }

  private static String innermostMessage(Throwable error) {
    // The innermost message is usually the precise one ("repository not found").
    Throwable deepest = error;
    while (deepest.getCause() != null
        && deepest.getCause() != deepest
        && deepest.getCause().getMessage() != null) {
      deepest = deepest.getCause();
    }
    return deepest.getMessage() != null ? deepest.getMessage() : deepest.getClass().getSimpleName();
  }

  private static String chainText(Throwable error) {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
      text.append(' ').append(t.getMessage());
    }
    return text.toString();
  }
}
