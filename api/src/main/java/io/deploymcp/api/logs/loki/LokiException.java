package io.deploymcp.api.logs.loki;

/** Loki refused a query or could not be reached; the message names the host, never credentials. */
public final class LokiException extends RuntimeException {
  public LokiException(String message, Throwable cause) {
    super(message, cause);
  }
}
