package io.deploymcp.buildkit.build;

import java.time.Instant;

/**
 * One line of the build log, in the shape of BuildKit's plain progress output: every line of a
 * step starts with {@code #n}, the step's number in order of appearance.
 *
 * @param step the step number, or 0 for lines about the build as a whole
 * @param text already masked: secret values of the request never appear here
 */
public record BuildLogLine(Instant time, int step, Kind kind, String text) {

  public enum Kind {
    /** A step started: its name, e.g. {@code [2/3] RUN npm ci}. */
    STEP,
    /** The step's result came from the cache. */
    CACHED,
    /** The step finished, with its duration. */
    DONE,
    /** A progress counter finished, e.g. {@code transferring context: 1.2kB done}. */
    PROGRESS,
    /** Output of the step's process. */
    STDOUT,
    STDERR,
    /** The step failed, or the build did: the daemon's message. */
    ERROR
  }

  /** The line as the build log shows it, e.g. {@code #5 CACHED} or {@code #7 npm ERR! ...}. */
  public String format() {
    String prefix = step > 0 ? "#" + step + " " : "";
    return switch (kind) {
      case CACHED -> prefix + "CACHED";
      case ERROR -> prefix + "ERROR: " + text;
      default -> prefix + text;
    };
  }

  @Override
  public String toString() {
    return format();
  }
}
