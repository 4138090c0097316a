package io.deploymcp.local;

/**
 * A startup problem the user can fix: printed as one line (what went wrong, then what to do),
 * never as a stack trace.
 */
final class StartupException extends RuntimeException {
  private final String hint;

  StartupException(String problem, String hint) {
    super(problem);
    this.hint = hint;
  }

  StartupException(String problem, String hint, Throwable cause) {
    super(problem, cause);
    this.hint = hint;
  }

  String hint() {
    return hint;
  }

  /** The single line shown to the user. */
  String oneLine() {
    return getMessage() + "; " + hint;
  }
}
