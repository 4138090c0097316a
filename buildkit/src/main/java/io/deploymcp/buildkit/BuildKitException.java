package io.deploymcp.buildkit;

/**
 * A BuildKit failure with a stable code and a hint saying what to do next. Messages never
 * contain secrets: they are built from addresses, status codes and daemon messages only.
 */
public class BuildKitException extends RuntimeException {
  private final BuildKitErrorCode code;
  private final String hint;

  public BuildKitException(BuildKitErrorCode code, String message, String hint) {
    this(code, message, hint, null);
  }

  public BuildKitException(BuildKitErrorCode code, String message, String hint, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.hint = hint;
  }

  public BuildKitErrorCode code() {
    return code;
  }

  public String hint() {
    return hint;
  }

  /** Infrastructure failures are worth retrying with backoff; user errors are not. */
  public boolean retryable() {
    return code.retryable();
  }
}
