package io.deploymcp.api.logs.loki;

import io.deploymcp.store.logs.InvalidLogCursorException;
import io.deploymcp.store.logs.LogOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Pages through a query_range window in a stable order: by time, then by a per-line key (the
 * build log's {@code seq}; pod, container and text for runtime lines), so lines with the same
 * nanosecond neither repeat nor go missing across pages. The cursor is the position of the last
 * line a page covered. Lines the {@code keep} function drops (e.g. a substring that must be
 * checked after masking) are scanned past; a page may then end short of {@code limit} and still
 * carry a cursor, after at most {@link #MAX_ROUNDS} Loki requests. Limit: when more lines share
 * one nanosecond than one request fetches ({@code limit + 1 + OVERLAP}), Loki's API cannot page
 * inside it and the rest of that nanosecond is skipped; the worker gives every build line its own
 * nanosecond, and pod log lines carry the runtime's nanosecond timestamps.
 */
public final class LokiPager {
  /** Loki's default max_entries_limit_per_query. */
  static final int MAX_FETCH = 5000;
  static final int MAX_ROUNDS = 4;
  /** Extra lines per request, so lines sharing the cursor's nanosecond do not fill a request. */
  static final int OVERLAP = 64;
  private static final String VERSION = "k1";

  private final LokiClient client;

  public LokiPager(LokiClient client) {
    this.client = client;
  }

  /** Where a line sits in the order. */
  public record Position(long nanos, String key) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      int c = Long.compare(nanos, o.nanos);
      return c != 0 ? c : key.compareTo(o.key);
    }
  }

  /** A kept item and where it was. */
  public record Kept<T>(T item, Position at) {}

  public record Page<T>(List<T> items, String nextCursor) {}

  /**
   * One page of {@code query} over {@code [startNanos, endNanos)}.
   *
   * @param key the tie-breaking key of a line (equal keys at one nanosecond are one line: Loki
   *     keeps one of identical entries)
   * @param keep the item for a line, or null to skip it
   */
  public <T> Page<T> page(
      String query, long startNanos, long endNanos, LogOrder order, String cursor, int limit,
      Function<LokiLine, String> key, Function<LokiLine, T> keep) {
    boolean backward = order == LogOrder.NEWEST_FIRST;
    Position boundary = cursor == null ? null : decode(cursor, order);
    Comparator<Position> newer = backward ? Comparator.reverseOrder() : Comparator.naturalOrder();
    List<Kept<T>> kept = new ArrayList<>();
    Position scanned = boundary;
    boolean exhausted = false;
    int fetch = Math.min(MAX_FETCH, limit + 1 + OVERLAP);
    for (int round = 0; round < MAX_ROUNDS && kept.size() <= limit; round++) {
      long start = startNanos;
      long end = endNanos;
      if (scanned != null) {
        if (backward) {
          end = Math.min(endNanos, scanned.nanos() + 1);
        } else {
          start = Math.max(startNanos, scanned.nanos());
        }
      }
      if (start >= end) {
        exhausted = true;
        break;
      }
      List<LokiLine> batch = client.queryRange(query, start, end, fetch, backward);
      List<Kept<LokiLine>> ordered = new ArrayList<>();
      for (LokiLine line : batch) {
        ordered.add(new Kept<>(line, new Position(line.nanos(), key.apply(line))));
      }
      ordered.sort(Comparator.comparing(Kept::at, newer));
      boolean full = batch.size() >= fetch;
      if (full && !ordered.isEmpty()) {
        // Loki cut the answer somewhere inside the last nanosecond it reached, and which of its
        // lines it kept is arbitrary: leave that nanosecond to the next request, which starts there.
        long edge = ordered.getLast().at().nanos();
        List<Kept<LokiLine>> whole = ordered.stream().filter(k -> k.at().nanos() != edge).toList();
        if (!whole.isEmpty()) {
          ordered = new ArrayList<>(whole);
        }
      }
      boolean progressed = false;
      for (Kept<LokiLine> line : ordered) {
        if (scanned != null && newer.compare(line.at(), scanned) <= 0) {
          continue; // at or before the cursor: an earlier page had it
        }
        progressed = true;
        scanned = line.at();
        T item = keep.apply(line.item());
        if (item != null) {
          kept.add(new Kept<>(item, line.at()));
          if (kept.size() > limit) {
            break;
          }
        }
      }
      if (!full) {
        exhausted = kept.size() <= limit;
        break;
      }
      if (!progressed && scanned != null) {
        // More than a request's worth of lines share one nanosecond: step past it (documented loss).
        scanned = new Position(backward ? scanned.nanos() - 1 : scanned.nanos() + 1, backward ? "\uffff" : "");
      }
    }
    if (kept.size() > limit) {
      List<Kept<T>> page = kept.subList(0, limit);
      return new Page<>(page.stream().map(Kept::item).toList(), encode(order, page.getLast().at()));
    }
    List<T> items = kept.stream().map(Kept::item).toList();
    return new Page<>(items, exhausted || scanned == null ? null : encode(order, scanned));
  }

  static String encode(LogOrder order, Position at) {
    String raw = VERSION + ":" + order.wireName() + ":" + at.nanos() + ":"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(at.key().getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Position decode(String cursor, LogOrder order) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", -1);
      if (parts.length != 4 || !parts[0].equals(VERSION) || !parts[1].equals(order.wireName())) {
        throw new InvalidLogCursorException();
      }
      Position at = new Position(
          Long.parseLong(parts[2]), new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8));
      if (!encode(order, at).equals(cursor)) {
        throw new InvalidLogCursorException();
      }
      return at;
    } catch (IllegalArgumentException e) {
      throw new InvalidLogCursorException();
    }
  }
}
