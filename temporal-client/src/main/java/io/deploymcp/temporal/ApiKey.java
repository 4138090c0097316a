package io.deploymcp.temporal;

/** A Temporal Cloud API key. Its string form never shows the key, so it is safe to log. */
public record ApiKey(String value) {
  @Override
  public String toString() {
    return "ApiKey[redacted]";
  }
}
