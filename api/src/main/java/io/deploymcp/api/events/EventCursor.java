package io.deploymcp.api.events;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;

/**
 * Where a watcher of a deployment stands in its two sources: the last {@code deployment_events}
 * seq and the last {@code deployment_logs} seq it has been sent. It is the SSE event id
 * ({@code <event>.<log>}, e.g. {@code 4.120}), so {@code Last-Event-ID} resumes each source
 * exactly after what the client saw, on any API replica.
 */
public record EventCursor(long event, long log) {
  public static final EventCursor START = new EventCursor(0, 0);

  public EventCursor {
    if (event < 0 || log < 0) {
      throw new IllegalArgumentException("cursor parts are never negative");
    }
  }

  /** Parses a {@code Last-Event-ID}; absent or blank is the start (the whole deployment). */
  public static EventCursor parse(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return START;
    }
    String id = lastEventId.strip();
    int dot = id.indexOf('.');
    try {
      if (dot < 1 || dot == id.length() - 1 || id.length() > 41) {
        throw new NumberFormatException();
      }
      return new EventCursor(digits(id.substring(0, dot)), digits(id.substring(dot + 1)));
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(
          ProblemCode.INVALID_CURSOR,
          "Last-Event-ID is not an id of this stream",
          "Send the id of the last event received exactly (e.g. 4.120), or no Last-Event-ID to read from the start.");
    }
  }

  private static long digits(String part) {
    for (int i = 0; i < part.length(); i++) {
      if (part.charAt(i) < '0' || part.charAt(i) > '9') {
        throw new NumberFormatException();
      }
    }
    return Long.parseLong(part);
  }

  /** The cursor after an item: the item's source moves on, the other stays. */
  public EventCursor after(StreamItem item) {
    return switch (item.source()) {
      case EVENTS -> new EventCursor(Math.max(event, item.seq()), log);
      case LOGS -> new EventCursor(event, Math.max(log, item.seq()));
      case NONE -> this;
    };
  }

  /** True when this cursor has every item {@code item} carries already. */
  public boolean covers(StreamItem item) {
    return switch (item.source()) {
      case EVENTS -> item.seq() <= event;
      case LOGS -> item.seq() <= log;
      case NONE -> false;
    };
  }

  /** True when this cursor is at or past {@code other} in both sources. */
  public boolean atOrPast(EventCursor other) {
    return event >= other.event && log >= other.log;
  }

  public String id() {
    return event + "." + log;
  }
}
