package io.deploymcp.store.logs;

/** The log store's database failed; the message names the operation, never a line. */
public final class LogStoreException extends RuntimeException {
  public LogStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
