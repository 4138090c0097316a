package io.deploymcp.api.mcp.session;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The GET streams (Streamable HTTP's server-to-client channel) open on this replica. A stream
 * sends its session's events from {@code mcp_session_events} in order, each with its number as
 * the SSE {@code id}; a client that lost its stream opens a new one, on any replica, with
 * {@code Last-Event-ID} and gets what came after. Streams are woken by the
 * {@code dp_mcp_session_event} notification ({@link #wake}), and every {@link #SWEEP_MILLIS}
 * anyway ({@link #sweep}: catches up after a lost listening connection, keeps a listening session
 * from expiring, closes streams of sessions that ended elsewhere), so no event waits longer than
 * that even if a notification is lost.
 */
@Singleton
public class McpEventStreams {
  static final long SWEEP_MILLIS = 15_000;
  private static final int BATCH = 200;
  private static final Logger LOG = Logger.getLogger(McpEventStreams.class);

  private final McpSessionStore store;
  private final Vertx vertx;
  private final Map<String, Set<Stream>> bySession = new ConcurrentHashMap<>();
  private long timer = -1;

  /** One open GET stream: {@code sent} is the number of the last event it wrote. */
  private static final class Stream {
    final String sessionId;
    final HttpServerResponse response;
    long sent;
    volatile boolean closed;

    Stream(String sessionId, HttpServerResponse response, long sent) {
      this.sessionId = sessionId;
      this.response = response;
      this.sent = sent;
    }
  }

  public McpEventStreams(McpSessionStore store, Vertx vertx) {
    this.store = store;
    this.vertx = vertx;
  }

  void onStart(@Observes StartupEvent event) {
    timer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
  }

  void onStop(@Observes ShutdownEvent event) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Opens a stream on {@code response} (blocking: reads the session's position). Without
   * {@code lastEventId} the stream starts at the session's newest event; with one, it first
   * sends every event after it that is still kept.
   */
  public void open(String sessionId, HttpServerResponse response, Long lastEventId) {
    long start = lastEventId != null ? lastEventId : store.lastEventSeq(sessionId).orElse(0L);
    Stream stream = new Stream(sessionId, response, start);
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    // An event with an id and no data primes the client for resumption (spec 2025-11-25) and
    // sends the headers at once.
    response.write("id: " + start + "\ndata: \n\n");
    response.closeHandler(v -> close(stream));
    response.exceptionHandler(e -> close(stream));
    bySession.computeIfAbsent(sessionId, k -> ConcurrentHashMap.newKeySet()).add(stream);
    deliver(stream);
  }

  /** Something was appended to this session's events: its streams here send it. */
  public void wake(String sessionId) {
    Set<Stream> streams = bySession.get(sessionId);
    if (streams == null || streams.isEmpty()) {
      return;
    }
    vertx.executeBlocking(() -> {
      streams.forEach(this::deliver);
      return null;
    }, false);
  }

  /** Every stream catches up (after notifications may have been missed). */
  public void wakeAll() {
    if (bySession.isEmpty()) {
      return;
    }
    vertx.executeBlocking(() -> {
      bySession.values().forEach(set -> set.forEach(this::deliver));
      return null;
    }, false);
  }

  /**
   * The periodic round: a session with an open stream counts as used (so it is not pruned while
   * its client listens), a stream of a session that ended elsewhere (DELETE on another replica,
   * or pruned) is closed, and every other stream catches up.
   */
  void sweep() {
    if (bySession.isEmpty()) {
      return;
    }
    vertx.executeBlocking(() -> {
      for (String sessionId : List.copyOf(bySession.keySet())) {
        if (store.lastEventSeq(sessionId).isEmpty()) {
          end(sessionId);
          continue;
        }
        store.touch(sessionId);
        bySession.getOrDefault(sessionId, Set.of()).forEach(this::deliver);
      }
      return null;
    }, false).onFailure(e -> LOG.debugf("MCP event stream sweep failed: %s", e.getMessage()));
  }

  /** Closes this replica's streams of an ended session. */
  public void end(String sessionId) {
    Set<Stream> streams = bySession.remove(sessionId);
    if (streams != null) {
      streams.forEach(s -> {
        s.closed = true;
        try {
          s.response.end();
        } catch (IllegalStateException alreadyClosed) {
          // the client went away first
        }
      });
    }
  }

  /** How many GET streams are open here (for tests and logs). */
  public int openStreams() {
    return bySession.values().stream().mapToInt(Set::size).sum();
  }

  private void deliver(Stream stream) {
    // One delivery per stream at a time, so events go out once and in order.
    synchronized (stream) {
      try {
        while (!stream.closed) {
          List<McpSessionEvent> events = store.eventsAfter(stream.sessionId, stream.sent, BATCH);
          for (McpSessionEvent e : events) {
            stream.response.write("id: " + e.seq() + "\nevent: message\ndata: " + e.message() + "\n\n");
            stream.sent = e.seq();
          }
          if (events.size() < BATCH) {
            return;
          }
        }
      } catch (RuntimeException e) {
        LOG.debugf("MCP event stream of a session could not be served: %s", e.getMessage());
        close(stream);
      }
    }
  }

  private void close(Stream stream) {
    stream.closed = true;
    bySession.computeIfPresent(stream.sessionId, (k, set) -> {
      set.remove(stream);
      return set.isEmpty() ? null : set;
    });
  }
}
