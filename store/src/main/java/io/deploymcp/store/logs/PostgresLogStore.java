package io.deploymcp.store.logs;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The log store on the {@code deployment_logs} table, in plain JDBC. Each deployment's lines are
 * numbered 1, 2, 3, … ({@code seq}, across types) in append order; a deployment keeps at most
 * {@code maxLinesPerDeployment} lines, the oldest dropped first, so one noisy build cannot fill
 * the database. Lines longer than {@code maxLineLength} characters are cut and marked
 * {@code … [truncated N chars]}; NUL characters, which PostgreSQL text cannot hold, become U+FFFD.
 *
 * <p>Appends to one deployment are serialized by a transaction-scoped advisory lock, so
 * concurrent writers (e.g. the build's Status stream and the activity's own messages) never
 * hand out the same {@code seq}.
 */
public final class PostgresLogStore implements LogStore {
  /** Bounds for callers without settings of their own (e.g. the API, which only reads). */
  public static final int DEFAULT_MAX_LINES_PER_DEPLOYMENT = 10_000;

  public static final int DEFAULT_MAX_LINE_LENGTH = 4_096;

  /** Namespace of the two-key advisory lock, so it cannot collide with other advisory locks. */
  private static final int LOCK_NAMESPACE = 0x4C4F4753; // "LOGS"
  private static final int MAX_STREAM_LENGTH = 32;
  private static final String DEPLOYMENT_CURSOR = "d1";
  private static final String DEPLOYMENT_CURSOR_OLDEST = "d2";
  private static final String SERVICE_CURSOR = "s1";
  private static final String SERVICE_CURSOR_OLDEST = "s2";

  private final DataSource dataSource;
  private final int maxLinesPerDeployment;
  private final int maxLineLength;

  public PostgresLogStore(DataSource dataSource, int maxLinesPerDeployment, int maxLineLength) {
    if (maxLinesPerDeployment < 1) {
      throw new IllegalArgumentException("maxLinesPerDeployment must be at least 1");
    }
    if (maxLineLength < 16) {
      throw new IllegalArgumentException("maxLineLength must be at least 16");
    }
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.maxLinesPerDeployment = maxLinesPerDeployment;
    this.maxLineLength = maxLineLength;
  }

  @Override
  public void append(UUID tenantId, UUID deploymentId, LogType type, List<LogLine> lines) {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(type, "type");
    if (lines.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        lock(c, deploymentId);
        requireOwned(c, tenantId, deploymentId);
        long last = lastSeq(c, deploymentId);
        long newLast = last + lines.size();
        // Lines at or below this seq are beyond the bound: never inserted, or deleted below.
        long dropUpTo = newLast - maxLinesPerDeployment;
        insert(c, tenantId, deploymentId, type, lines, last, dropUpTo);
        if (dropUpTo > 0 && last > 0) {
          trim(c, deploymentId, dropUpTo);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new LogStoreException("appending to the log of deployment " + deploymentId + " failed (SQLSTATE " + e.getSQLState() + ")", e);
    }
  }

  @Override
  public LogPage read(UUID tenantId, LogQuery query) {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(query, "query");
    try (Connection c = dataSource.getConnection()) {
      return switch (query.scope()) {
        case LogScope.OfDeployment d -> readDeployment(c, tenantId, d.deploymentId(), query);
        case LogScope.OfService s -> readService(c, tenantId, s.serviceId(), query);
      };
    } catch (SQLException e) {
      throw new LogStoreException("reading logs failed (SQLSTATE " + e.getSQLState() + ")", e);
    }
  }

  /** What a stored line looks like after the store's limits: NUL-free, at most the line length plus a marker. */
  String clean(String line) {
    String text = line.indexOf('\0') < 0 ? line : line.replace('\0', '\uFFFD');
    return LogLine.cut(text, maxLineLength);
  }

  private static String stream(String stream) {
    String s = stream.indexOf('\0') < 0 ? stream : stream.replace("\0", "");
    return s.length() <= MAX_STREAM_LENGTH ? s : s.substring(0, MAX_STREAM_LENGTH);
  }

  private static void lock(Connection c, UUID deploymentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
      ps.setInt(1, LOCK_NAMESPACE);
      ps.setInt(2, deploymentId.hashCode());
      ps.executeQuery().close();
    }
  }

  private static void requireOwned(Connection c, UUID tenantId, UUID deploymentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select tenant_id from deployments where id = ?")) {
      ps.setObject(1, deploymentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !tenantId.equals(rs.getObject(1, UUID.class))) {
          throw new IllegalArgumentException("deployment " + deploymentId + " is not a deployment of tenant " + tenantId);
        }
      }
    }
  }

  private static long lastSeq(Connection c, UUID deploymentId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select coalesce(max(seq), 0) from deployment_logs where deployment_id = ?")) {
      ps.setObject(1, deploymentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** One round trip for the whole batch: the lines travel as arrays and are unnested server-side. */
  private void insert(
      Connection c, UUID tenantId, UUID deploymentId, LogType type, List<LogLine> lines, long last, long dropUpTo)
      throws SQLException {
    int skip = (int) Math.max(0, Math.min(lines.size(), dropUpTo - last));
    int n = lines.size() - skip;
    if (n == 0) {
      return;
    }
    Long[] seqs = new Long[n];
    String[] ats = new String[n];
    String[] streams = new String[n];
    String[] texts = new String[n];
    String[] levels = new String[n];
    for (int i = 0; i < n; i++) {
      LogLine line = lines.get(skip + i);
      seqs[i] = last + skip + i + 1;
      ats[i] = line.at().truncatedTo(ChronoUnit.MICROS).toString();
      streams[i] = stream(line.stream());
      texts[i] = clean(line.line());
      levels[i] = LogLevel.of(texts[i]).map(LogLevel::wireName).orElse(null);
    }
    Array seqArray = c.createArrayOf("bigint", seqs);
    Array atArray = c.createArrayOf("text", ats);
    Array streamArray = c.createArrayOf("text", streams);
    Array textArray = c.createArrayOf("text", texts);
    Array levelArray = c.createArrayOf("text", levels);
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into deployment_logs (deployment_id, seq, tenant_id, type, at, stream, line, level)"
                + " select ?, u.seq, ?, ?, u.at::timestamptz, u.stream, u.line, u.level"
                + " from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) as u(seq, at, stream, line, level)")) {
      ps.setObject(1, deploymentId);
      ps.setObject(2, tenantId);
      ps.setString(3, type.wireName());
      ps.setArray(4, seqArray);
      ps.setArray(5, atArray);
      ps.setArray(6, streamArray);
      ps.setArray(7, textArray);
      ps.setArray(8, levelArray);
      ps.executeUpdate();
    } finally {
      levelArray.free();
      seqArray.free();
      atArray.free();
      streamArray.free();
      textArray.free();
    }
  }

  private static void trim(Connection c, UUID deploymentId, long dropUpTo) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("delete from deployment_logs where deployment_id = ? and seq <= ?")) {
      ps.setObject(1, deploymentId);
      ps.setLong(2, dropUpTo);
      ps.executeUpdate();
    }
  }

  private static LogPage readDeployment(Connection c, UUID tenantId, UUID deploymentId, LogQuery query)
      throws SQLException {
    boolean newest = query.filter().order() == LogOrder.NEWEST_FIRST;
    Long after = null;
    if (query.cursor() != null) {
      after = parseLong(decode(query.cursor(), deploymentCursorKind(query.filter().order()), 1).getFirst());
    }
    Filters filters = Filters.of(query.filter());
    String sql =
        "select deployment_id, seq, at, stream, line from deployment_logs l"
            + " where tenant_id = ? and deployment_id = ? and type = ?"
            + (after == null ? "" : newest ? " and seq < ?" : " and seq > ?")
            + filters.sql()
            + (newest ? " order by seq desc" : " order by seq") + " limit ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setObject(i++, tenantId);
      ps.setObject(i++, deploymentId);
      ps.setString(i++, query.type().wireName());
      if (after != null) {
        ps.setLong(i++, after);
      }
      i = filters.bind(c, ps, i);
      ps.setInt(i, query.limit() + 1);
      List<LogEntry> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(entry(rs));
        }
      }
      if (rows.size() <= query.limit()) {
        return new LogPage(rows, null);
      }
      List<LogEntry> page = rows.subList(0, query.limit());
      return new LogPage(
          page, encode(deploymentCursorKind(query.filter().order()), Long.toString(page.getLast().seq())));
    }
  }

  /** "d1" (newest first) is the cursor issued before there was an order, so those stay valid. */
  private static String deploymentCursorKind(LogOrder order) {
    return order == LogOrder.NEWEST_FIRST ? DEPLOYMENT_CURSOR : DEPLOYMENT_CURSOR_OLDEST;
  }

  /** Newest deployment first, each newest line first (or all reversed); the cursor is (deployment created_at, id, seq). */
  private static LogPage readService(Connection c, UUID tenantId, UUID serviceId, LogQuery query)
      throws SQLException {
    boolean newest = query.filter().order() == LogOrder.NEWEST_FIRST;
    String kind = newest ? SERVICE_CURSOR : SERVICE_CURSOR_OLDEST;
    OffsetDateTime afterCreated = null;
    UUID afterDeployment = null;
    long afterSeq = 0;
    if (query.cursor() != null) {
      List<String> parts = decode(query.cursor(), kind, 3);
      afterCreated = fromMicros(parseLong(parts.get(0)));
      try {
        afterDeployment = UUID.fromString(parts.get(1));
      } catch (IllegalArgumentException e) {
        throw new InvalidLogCursorException();
      }
      afterSeq = parseLong(parts.get(2));
    }
    Filters filters = Filters.of(query.filter());
    String sql =
        "select l.deployment_id, l.seq, l.at, l.stream, l.line, d.created_at as deployment_created_at"
            + " from deployment_logs l join deployments d on d.id = l.deployment_id"
            + " where d.tenant_id = ? and d.service_id = ? and l.tenant_id = ? and l.type = ?"
            + (afterCreated == null ? "" : " and (d.created_at, d.id, l.seq) " + (newest ? "<" : ">") + " (?, ?, ?)")
            + filters.sql()
            + (newest
                ? " order by d.created_at desc, d.id desc, l.seq desc"
                : " order by d.created_at, d.id, l.seq")
            + " limit ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setObject(i++, tenantId);
      ps.setObject(i++, serviceId);
      ps.setObject(i++, tenantId);
      ps.setString(i++, query.type().wireName());
      if (afterCreated != null) {
        ps.setObject(i++, afterCreated);
        ps.setObject(i++, afterDeployment);
        ps.setLong(i++, afterSeq);
      }
      i = filters.bind(c, ps, i);
      ps.setInt(i, query.limit() + 1);
      List<LogEntry> rows = new ArrayList<>();
      List<OffsetDateTime> created = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(entry(rs));
          created.add(rs.getObject("deployment_created_at", OffsetDateTime.class));
        }
      }
      if (rows.size() <= query.limit()) {
        return new LogPage(rows, null);
      }
      int lastIndex = query.limit() - 1;
      LogEntry last = rows.get(lastIndex);
      String cursor =
          encode(
              kind,
              Long.toString(toMicros(created.get(lastIndex).toInstant())),
              last.deploymentId().toString(),
              Long.toString(last.seq()));
      return new LogPage(rows.subList(0, query.limit()), cursor);
    }
  }

  /** The filter's conditions on {@code deployment_logs l}, and their parameters in order. */
  private record Filters(LogFilter filter) {
    static Filters of(LogFilter filter) {
      return new Filters(filter);
    }

    String sql() {
      StringBuilder sql = new StringBuilder();
      if (filter.since() != null) {
        sql.append(" and l.at >= ?");
      }
      if (filter.until() != null) {
        sql.append(" and l.at < ?");
      }
      if (filter.contains() != null) {
        // strpos, not LIKE: the substring is taken literally, % and _ included, case-sensitive.
        sql.append(" and strpos(l.line, ?) > 0");
      }
      if (filter.level() != null) {
        sql.append(" and l.level = any(?)");
      }
      return sql.toString();
    }

    int bind(Connection c, PreparedStatement ps, int first) throws SQLException {
      int i = first;
      if (filter.since() != null) {
        ps.setObject(i++, filter.since().atOffset(ZoneOffset.UTC));
      }
      if (filter.until() != null) {
        ps.setObject(i++, filter.until().atOffset(ZoneOffset.UTC));
      }
      if (filter.contains() != null) {
        ps.setString(i++, filter.contains());
      }
      if (filter.level() != null) {
        ps.setArray(i++, c.createArrayOf(
            "text", filter.level().andMoreSevere().stream().map(LogLevel::wireName).toArray(String[]::new)));
      }
      return i;
    }
  }

  private static LogEntry entry(ResultSet rs) throws SQLException {
    return new LogEntry(
        rs.getObject("deployment_id", UUID.class),
        rs.getLong("seq"),
        rs.getObject("at", OffsetDateTime.class).toInstant(),
        rs.getString("stream"),
        rs.getString("line"));
  }

  private static String encode(String kind, String... parts) {
    String joined = kind + ":" + String.join(":", parts);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> decode(String cursor, String kind, int parts) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidLogCursorException();
    }
    List<String> split = List.of(decoded.split(":", -1));
    if (split.size() != parts + 1 || !split.getFirst().equals(kind)) {
      throw new InvalidLogCursorException();
    }
    return split.subList(1, split.size());
  }

  private static long parseLong(String raw) {
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new InvalidLogCursorException();
    }
  }

  private static long toMicros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  private static OffsetDateTime fromMicros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}
