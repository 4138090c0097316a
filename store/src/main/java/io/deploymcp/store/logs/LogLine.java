package io.deploymcp.store.logs;

import java.time.Instant;
import java.util.Objects;

/**
 * One line to append. {@code stream} says where it came from ({@code stdout}, {@code stderr},
 * {@code step} for a build step header, {@code status} for platform messages); {@code line} must
 * already be masked (see {@link LineMasker}): the store keeps what it is given.
 */
public record LogLine(Instant at, String stream, String line) {
  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";
  public static final String STEP = "step";
  public static final String STATUS = "status";

  public LogLine {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(line, "line");
    if (stream == null || stream.isBlank()) {
      stream = STDOUT;
    }
  }

  public static LogLine now(String stream, String line) {
    return new LogLine(Instant.now(), stream, line);
  }

  /**
   * {@code text} cut to {@code maxLength} chars with {@code … [truncated N chars]} after it (never
   * splitting a surrogate pair): what every backend keeps of a long line, so the PostgreSQL store
   * and Loki (which refuses an entry over 256 KiB) hold the same text.
   */
  public static String cut(String text, int maxLength) {
    if (text.length() <= maxLength) {
      return text;
    }
    int keep = maxLength;
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep) + "… [truncated " + (text.length() - keep) + " chars]";
  }
}
