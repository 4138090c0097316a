package io.deploymcp.api.mcp.session;

import io.deploymcp.api.db.Database;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared state of MCP sessions in PostgreSQL (migration V6): sessions, their resource
 * subscriptions and the numbered events of their GET streams. The events themselves are written
 * by the database (V6's triggers), so this store only reads them.
 */
@Singleton
public class McpSessionStore {
  /** last_used_at is refreshed at most this often, so a busy session is not a write per request. */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final Database db;

  public McpSessionStore(Database db) {
    this.db = db;
  }

  public void create(McpSession session) {
    db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "insert into mcp_sessions (id, api_key_id, tenant_id, protocol_version, client_name, client_version)"
              + " values (?, ?, ?, ?, ?, ?)")) {
        st.setString(1, session.id());
        st.setObject(2, session.apiKeyId());
        st.setObject(3, session.tenantId());
        st.setString(4, session.protocolVersion());
        st.setString(5, session.clientName());
        st.setString(6, session.clientVersion());
        return st.executeUpdate();
      }
    });
  }

  public Optional<McpSession> find(String id) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "select id, api_key_id, tenant_id, protocol_version, client_name, client_version, last_used_at"
              + " from mcp_sessions where id = ?")) {
        st.setString(1, id);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new McpSession(
              rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
        }
      }
    });
  }

  /**
   * {@link #touch(String)} for a session just read: no round trip when its row already says it
   * was used within {@link #TOUCH_EVERY} (the common case of a session's next request).
   */
  public void touch(McpSession session) {
    if (session.lastUsedAt() != null && session.lastUsedAt().isAfter(Instant.now().minus(TOUCH_EVERY))) {
      return;
    }
    touch(session.id());
  }

  /** Marks the session used now, unless that was recorded less than {@link #TOUCH_EVERY} ago. */
  public void touch(String id) {
    db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "update mcp_sessions set last_used_at = now()"
              + " where id = ? and last_used_at < now() - make_interval(secs => ?)")) {
        st.setString(1, id);
        st.setLong(2, TOUCH_EVERY.toSeconds());
        return st.executeUpdate();
      }
    });
  }

  /** Ends a session: its subscriptions and events go with it. */
  public boolean delete(String id) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement("delete from mcp_sessions where id = ?")) {
        st.setString(1, id);
        return st.executeUpdate() == 1;
      }
    });
  }

  public void subscribe(String sessionId, UUID serviceId) {
    db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "insert into mcp_subscriptions (session_id, service_id) values (?, ?) on conflict do nothing")) {
        st.setString(1, sessionId);
        st.setObject(2, serviceId);
        return st.executeUpdate();
      }
    });
  }

  public void unsubscribe(String sessionId, UUID serviceId) {
    db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "delete from mcp_subscriptions where session_id = ? and service_id = ?")) {
        st.setString(1, sessionId);
        st.setObject(2, serviceId);
        return st.executeUpdate();
      }
    });
  }

  /** The services this session follows. */
  public List<UUID> subscriptions(String sessionId) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "select service_id from mcp_subscriptions where session_id = ? order by service_id")) {
        st.setString(1, sessionId);
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getObject(1, UUID.class));
          }
        }
        return ids;
      }
    });
  }

  /** The number of the session's newest event (0 before the first), empty for an unknown session. */
  public Optional<Long> lastEventSeq(String sessionId) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement("select event_seq from mcp_sessions where id = ?")) {
        st.setString(1, sessionId);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
      }
    });
  }

  /** The session's events after {@code seq}, oldest first, at most {@code limit}. */
  public List<McpSessionEvent> eventsAfter(String sessionId, long seq, int limit) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "select seq, method, params::text from mcp_session_events where session_id = ? and seq > ?"
              + " order by seq limit ?")) {
        st.setString(1, sessionId);
        st.setLong(2, seq);
        st.setInt(3, limit);
        List<McpSessionEvent> events = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            events.add(new McpSessionEvent(rs.getLong(1), rs.getString(2), rs.getString(3)));
          }
        }
        return events;
      }
    });
  }

  /** Deletes sessions unused for {@code idle} and events older than {@code keepEvents}; returns the sessions deleted. */
  public int prune(Duration idle, Duration keepEvents) {
    return db.read(c -> {
      int sessions;
      try (PreparedStatement st = c.prepareStatement("delete from mcp_sessions where last_used_at < now() - make_interval(secs => ?)")) {
        st.setLong(1, idle.toSeconds());
        sessions = st.executeUpdate();
      }
      try (PreparedStatement st = c.prepareStatement("delete from mcp_session_events where created_at < now() - make_interval(secs => ?)")) {
        st.setLong(1, keepEvents.toSeconds());
        st.executeUpdate();
      }
      return sessions;
    });
  }
}
