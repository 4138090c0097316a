package io.deploymcp.buildkit.build;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.BuildKitException;
import java.util.List;
import java.util.Optional;

/**
 * A build that did not produce an image, classified ({@link #code()}) from the Solve error and
 * the step errors of the Status stream. Message, hint and log tail are masked: secret values of
 * the request never appear in them.
 */
public final class BuildFailedException extends BuildKitException {
  private final String failedStep;
  private final List<String> logTail;
  private final boolean sessionLost;

  public BuildFailedException(BuildKitErrorCode code, String message, String hint, String failedStep,
      List<String> logTail, Throwable cause) {
    this(code, message, hint, failedStep, logTail, cause, false);
  }

  BuildFailedException(BuildKitErrorCode code, String message, String hint, String failedStep,
      List<String> logTail, Throwable cause, boolean sessionLost) {
    super(code, message, hint, cause);
    this.failedStep = failedStep;
    this.logTail = List.copyOf(logTail);
    this.sessionLost = sessionLost;
  }

  /**
   * The daemon could not read the build's files through its session ({@code BUILDKIT_UNREACHABLE}):
   * nothing of the user's ran, and a build on a new session may well succeed.
   */
  public boolean sessionLost() {
    return sessionLost;
  }

  /** The failing step's name, e.g. {@code [2/3] RUN npm ci}, when one step failed. */
  public Optional<String> failedStep() {
    return Optional.ofNullable(failedStep);
  }

  /** The last (at most 50) output lines of the failing step, oldest first; empty if none. */
  public List<String> logTail() {
    return logTail;
  }
}
