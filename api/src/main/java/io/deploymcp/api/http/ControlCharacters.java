package io.deploymcp.api.http;

import java.util.Locale;

/**
 * Finding control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) in request
 * text. None belongs in a name, id, cursor or header this API reads, and each can hurt on the
 * way: NUL ends strings in PostgreSQL and C, CR/LF forge log lines, ESC drives terminals.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  /** Index of the first control character of decoded text, or -1. */
  public static int in(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Index of the first control character of a header value, or -1. A header's bytes are seen
   * one char per byte (ISO-8859-1), so UTF-8 in it shows bytes 0x80-0x9F: only C0 controls
   * other than tab, and DEL, count.
   */
  public static int inHeader(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return i;
      }
    }
    return -1;
  }

  /** "U+000A", for messages that name a character without printing it. */
  public static String codePoint(char c) {
    return String.format(Locale.ROOT, "U+%04X", (int) c);
  }

  /** {@code raw} safe to show: at most 64 chars, anything outside printable ASCII as '?'. */
  public static String printable(String raw) {
    String cut = raw.length() > 64 ? raw.substring(0, 64) + "…" : raw;
    return cut.replaceAll("[^\\x20-\\x7e…]", "?");
  }
}
