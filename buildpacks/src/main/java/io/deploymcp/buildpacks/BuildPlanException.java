package io.deploymcp.buildpacks;

import java.util.Objects;

/**
 * No build plan can be made for this context and these options. The message says what is wrong, the
 * hint what to change; neither ever holds an env value.
 */
public final class BuildPlanException extends RuntimeException {

  /** Stable reason codes; the first two match {@code FailureCodes} of the workflows module. */
  public enum Code {
    /** Railpack found nothing it can build, or found a project it cannot start. User error. */
    NO_BUILD_PLAN,
    /** The dockerfile pack's file is missing, or its path leaves the build context. User error. */
    DOCKERFILE_NOT_FOUND,
    /** The plan needs a base image the operator has not configured. Operator error. */
    BASE_IMAGE_NOT_CONFIGURED
  }

  private final Code code;
  private final String hint;

  public BuildPlanException(Code code, String message, String hint) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.hint = Objects.requireNonNull(hint, "hint");
  }

  public Code code() {
    return code;
  }

  public String hint() {
    return hint;
  }

  /** True when the repo or the service settings must change; false for operator configuration. */
  public boolean userError() {
    return code != Code.BASE_IMAGE_NOT_CONFIGURED;
  }
}
