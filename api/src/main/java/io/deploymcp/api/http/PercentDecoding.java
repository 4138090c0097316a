package io.deploymcp.api.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Strict percent-decoding of a path or query component as UTF-8 (RFC 3986): every '%' is
 * followed by two hex digits, every other character is one the RFC allows unescaped, and the
 * bytes are valid UTF-8. Lenient decoders disagree on
 * "%%%", "%zz" or a lone "%C3" (keep, drop or replace), so this one refuses them.
 */
public final class PercentDecoding {
  /**
   * What RFC 3986 lets a path or query hold unescaped besides letters and digits: unreserved
   * "-._~", sub-delims, ':', '@', '/' and '?'. Quarkus's own check (java.net.URI, switched off
   * by {@code ApiMain} because it answers an empty 400) refused the rest too.
   */
  private static final String ALLOWED_RAW = "-._~!$&'()*+,;=:@/?";

  private PercentDecoding() {}

  /** The escape or byte sequence is not valid percent-encoded UTF-8. */
  public static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * An ASCII hex digit's value, else -1. Not {@code Character.digit}: it also reads the digits of
   * other scripts ("%\u07C33" was a '3'), which no other decoder of the request does;
   * {@link HexFormat} reads ASCII only.
   */
  private static int hexDigit(char c) {
    return HexFormat.isHexDigit(c) ? HexFormat.fromHexDigit(c) : -1;
  }

  /** Decodes {@code raw}; in a query, {@code plusIsSpace} makes '+' a space as forms send it. */
  public static String decode(String raw, boolean plusIsSpace) throws MalformedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new MalformedException("a '%' is not followed by two hex digits");
        }
        int high = hexDigit(raw.charAt(i + 1));
        int low = hexDigit(raw.charAt(i + 2));
        if (high < 0 || low < 0) {
          throw new MalformedException("a '%' is not followed by two hex digits");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (plusIsSpace && c == '+') {
        bytes.write(' ');
      } else if (ALLOWED_RAW.indexOf(c) >= 0 || (c < 0x80 && Character.isLetterOrDigit(c))) {
        bytes.write(c);
      } else if (c > 0x7f) {
        // The request line arrives one char per byte: raw bytes above 0x7F must have been escaped.
        throw new MalformedException("a byte above 0x7F is not percent-encoded");
      } else if (c < 0x20 || c == 0x7f) {
        throw new MalformedException("a raw control byte is not percent-encoded");
      } else {
        throw new MalformedException("'" + c + "' is not percent-encoded");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException("the escaped bytes are not UTF-8");
    }
  }
}
