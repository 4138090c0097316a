package io.deploymcp.local;

/** Keeps credentials embedded in a URL (user:password@) out of what the launcher prints. */
final class Redaction {
  private Redaction() {}

  static String url(String value) {
    return value.replaceAll("(?<=://)[^/@\\s]+@", "***@");
  }
}
