package io.deploymcp.store.logs;

/** A cursor this store did not issue, or one issued for another scope; callers answer 400. */
public final class InvalidLogCursorException extends IllegalArgumentException {
  public InvalidLogCursorException() {
    super("The log cursor is not one this store issued for this query");
  }
}
