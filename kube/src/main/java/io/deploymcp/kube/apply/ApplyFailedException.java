package io.deploymcp.kube.apply;

/**
 * The API server refused or failed an apply or delete of one object. The message names the
 * object and the API server's reason; for a Secret it leaves the server's text out, so no env
 * key or value can reach a log or the workflow history.
 */
public final class ApplyFailedException extends RuntimeException {
  private final String object;
  private final int code;
  private final boolean retryable;

  /**
   * @param cause the client's exception, or null to keep it out (a Secret's: its text may echo
   *     what was sent)
   */
  public ApplyFailedException(
      String object, int code, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.object = object;
    this.code = code;
    this.retryable = retryable;
  }

  /** The object, e.g. {@code Deployment dp-acme-shop/api}. */
  public String object() {
    return object;
  }

  /** The HTTP status of the API server's answer; 0 when there was none (connection failed). */
  public int code() {
    return code;
  }

  /**
   * Whether trying again may succeed: no answer, a conflict, throttling, a server error, or a
   * namespace still being deleted. Invalid objects and forbidden requests are not.
   */
  public boolean retryable() {
    return retryable;
  }
}
