package io.deploymcp.registry;

/**
 * A registry or engine failure with a stable code and a hint saying what to do next. Messages
 * are built from hosts, repositories, tags, status lines and daemon messages only, never from
 * credentials or tokens.
 */
public final class RegistryException extends RuntimeException {
  private final RegistryErrorCode code;
  private final String hint;
  private final boolean retryable;

  public RegistryException(RegistryErrorCode code, String message, String hint) {
    this(code, message, hint, code.retryable(), null);
  }

  public RegistryException(RegistryErrorCode code, String message, String hint, Throwable cause) {
    this(code, message, hint, code.retryable(), cause);
  }

  public RegistryException(
      RegistryErrorCode code, String message, String hint, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.hint = hint;
    this.retryable = retryable;
  }

  public RegistryErrorCode code() {
    return code;
  }

  public String hint() {
    return hint;
  }

  /** Usually the code's own retryability; a push the registry refused for auth is not retryable. */
  public boolean retryable() {
    return retryable;
  }
}
