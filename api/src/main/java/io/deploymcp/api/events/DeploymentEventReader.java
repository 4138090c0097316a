package io.deploymcp.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploymcp.api.db.Database;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a deployment's stream from PostgreSQL after a cursor: its {@code deployment_events}
 * (phase, rollout, result; migration V12) and its build lines in {@code deployment_logs}, merged
 * by time. Events are read before lines, so every line committed before the result is in the
 * same batch as the result, which comes last. When the log store has dropped lines the cursor
 * has not seen (it keeps the newest {@code DP_LOG_MAX_LINES} of a deployment), the batch says so
 * with a {@code gap} item first.
 */
@Singleton
public class DeploymentEventReader {
  private final Database db;
  private final ObjectMapper json;
  private final AtomicLong reads = new AtomicLong();

  public DeploymentEventReader(Database db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  /** Up to {@code limit} events and {@code limit} lines after {@code from}. */
  public EventBatch read(UUID deploymentId, EventCursor from, int limit) {
    reads.incrementAndGet();
    return db.read(c -> read(c, deploymentId, from, limit));
  }

  /** How many reads were made (the tests count what many watchers cost). */
  public long reads() {
    return reads.get();
  }

  /** The newest seq of each source now: where a hub that starts now stands. */
  public EventCursor head(UUID deploymentId) {
    reads.incrementAndGet();
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select (select coalesce(max(seq), 0) from deployment_events where deployment_id = ?),"
                      + " (select coalesce(max(seq), 0) from deployment_logs where deployment_id = ?)")) {
            ps.setObject(1, deploymentId);
            ps.setObject(2, deploymentId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return new EventCursor(rs.getLong(1), rs.getLong(2));
            }
          }
        });
  }

  private record Timed(Instant at, int order, StreamItem item) {}

  private EventBatch read(Connection c, UUID deploymentId, EventCursor from, int limit) throws SQLException {
    List<Timed> events = events(c, deploymentId, from.event(), limit);
    List<Timed> merged = new ArrayList<>(events);
    long logFrom = from.log();
    long oldest = oldestLine(c, deploymentId);
    Timed gap = null;
    if (oldest > logFrom + 1) {
      gap = new Timed(Instant.EPOCH, 0, gap(logFrom + 1, oldest - 1));
      logFrom = oldest - 1;
    }
    List<Timed> lines = lines(c, deploymentId, logFrom, limit);
    merged.addAll(lines);
    merged.sort(Comparator.comparing(Timed::at).thenComparing(Timed::order).thenComparing(t -> t.item().seq()));
    boolean eventsFull = events.size() == limit;
    boolean linesFull = lines.size() == limit;
    // Cut after the last item of a source that was cut short, so nothing of the other source
    // goes out ahead of what the limit left unread (the result never precedes a line).
    int end = merged.size();
    if (linesFull) {
      end = Math.min(end, lastOf(merged, StreamItem.Source.LOGS) + 1);
    }
    if (eventsFull) {
      end = Math.min(end, lastOf(merged, StreamItem.Source.EVENTS) + 1);
    }
    List<StreamItem> items = new ArrayList<>();
    if (gap != null) {
      items.add(gap.item());
    }
    merged.subList(0, end).forEach(t -> items.add(t.item()));
    // A result read while lines may still be unread waits for them (it is cut above).
    return new EventBatch(items, !eventsFull && !linesFull);
  }

  private static int lastOf(List<Timed> merged, StreamItem.Source source) {
    for (int i = merged.size() - 1; i >= 0; i--) {
      if (merged.get(i).item().source() == source) {
        return i;
      }
    }
    return -1;
  }

  private List<Timed> events(Connection c, UUID deploymentId, long after, int limit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select seq, at, kind, data::text from deployment_events where deployment_id = ? and seq > ?"
                + " order by seq limit ?")) {
      ps.setObject(1, deploymentId);
      ps.setLong(2, after);
      ps.setInt(3, limit);
      List<Timed> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          Instant at = rs.getTimestamp(2).toInstant();
          String kind = rs.getString(3);
          ObjectNode data = (ObjectNode) json.readTree(rs.getString(4));
          data.put("seq", seq);
          data.put("at", at.toString());
          // The result sorts after any line of the same instant.
          out.add(new Timed(at, StreamItem.RESULT.equals(kind) ? 2 : 0,
              new StreamItem(kind, write(data), StreamItem.Source.EVENTS, seq)));
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("deployment_events.data is not JSON", e);
      }
      return out;
    }
  }

  private List<Timed> lines(Connection c, UUID deploymentId, long after, int limit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select seq, at, stream, line from deployment_logs where deployment_id = ? and type = 'build' and seq > ?"
                + " order by seq limit ?")) {
      ps.setObject(1, deploymentId);
      ps.setLong(2, after);
      ps.setInt(3, limit);
      List<Timed> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          Instant at = rs.getTimestamp(2).toInstant();
          ObjectNode data = json.createObjectNode();
          data.put("seq", seq);
          data.put("at", at.toString());
          data.put("stream", rs.getString(3));
          data.put("line", rs.getString(4));
          out.add(new Timed(at, 1, new StreamItem(StreamItem.LOG, write(data), StreamItem.Source.LOGS, seq)));
        }
      }
      return out;
    }
  }

  /** The oldest line the log store still keeps (0 without any). */
  private static long oldestLine(Connection c, UUID deploymentId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select coalesce(min(seq), 0) from deployment_logs where deployment_id = ?")) {
      ps.setObject(1, deploymentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private StreamItem gap(long first, long last) {
    ObjectNode data = json.createObjectNode();
    data.put("source", "log");
    data.put("from_seq", first);
    data.put("to_seq", last);
    data.put("reason", "retention");
    data.put("message", "build log lines " + first + "-" + last + " were dropped by the log store's per-deployment bound");
    return new StreamItem(StreamItem.GAP, write(data), StreamItem.Source.LOGS, last);
  }

  private String write(ObjectNode node) {
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
