package io.deploymcp.api.events;

/**
 * One thing a deployment's stream sends: an SSE event of {@code type} with JSON {@code data}, or
 * (type {@code keepalive}/{@code open}) a comment line. {@code source} and {@code seq} say which
 * cursor it moves: a deployment event's seq, or a build log line's (a {@code gap}'s seq is the
 * last line it stands for).
 */
public record StreamItem(String type, String data, Source source, long seq) {
  public enum Source { EVENTS, LOGS, NONE }

  public static final String PHASE = "phase";
  public static final String ROLLOUT = "rollout";
  public static final String RESULT = "result";
  public static final String LOG = "log";
  public static final String GAP = "gap";

  static final StreamItem KEEPALIVE = new StreamItem("keepalive", null, Source.NONE, 0);
  static final StreamItem OPEN = new StreamItem("open", null, Source.NONE, 0);

  /** The last item of a stream: the deployment ended. */
  public boolean terminal() {
    return RESULT.equals(type);
  }

  /** A comment line rather than an event. */
  public boolean comment() {
    return source == Source.NONE;
  }
}
