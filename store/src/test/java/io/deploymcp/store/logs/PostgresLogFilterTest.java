package io.deploymcp.store.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.store.support.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filters and the order of {@link PostgresLogStore#read} against a real PostgreSQL. */
class PostgresLogFilterTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final LogStore store = new PostgresLogStore(TestDatabase.dataSource(), 1000, 500);
  private UUID tenant;
  private UUID deployment;

  @BeforeEach
  void log() {
    tenant = TestDatabase.tenant();
    deployment = TestDatabase.deployment(tenant, TestDatabase.service(tenant));
    List<LogLine> lines = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      String text = switch (i % 4) {
        case 0 -> "line " + i + " ERROR: boom";
        case 1 -> "line " + i + " level=warn slow";
        case 2 -> "line " + i + " [info] fine 100%_done";
        default -> "line " + i + " plain";
      };
      lines.add(new LogLine(T0.plusSeconds(i), i % 2 == 0 ? LogLine.STDERR : LogLine.STDOUT, text));
    }
    store.append(tenant, deployment, LogType.BUILD, lines);
  }

  private List<Long> seqs(LogFilter filter, int limit) {
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    do {
      LogPage page = store.read(tenant, new LogQuery(LogScope.deployment(deployment), LogType.BUILD, filter, cursor, limit));
      assertThat(page.entries()).hasSizeLessThanOrEqualTo(limit);
      page.entries().forEach(e -> seen.add(e.seq()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return seen;
  }

  @Test
  void sinceIsInclusiveAndUntilExclusive() {
    LogFilter filter = new LogFilter(T0.plusSeconds(5), T0.plusSeconds(9), null, null, LogOrder.NEWEST_FIRST);
    assertThat(seqs(filter, 2)).containsExactly(8L, 7L, 6L, 5L);
  }

  @Test
  void containsIsALiteralCaseSensitiveSubstring() {
    assertThat(seqs(new LogFilter(null, null, "100%_", null, LogOrder.NEWEST_FIRST), 3))
        .containsExactly(18L, 14L, 10L, 6L, 2L);
    assertThat(seqs(new LogFilter(null, null, "error:", null, LogOrder.NEWEST_FIRST), 3)).isEmpty();
    assertThat(seqs(new LogFilter(null, null, "%", null, LogOrder.NEWEST_FIRST), 3)).hasSize(5);
  }

  @Test
  void levelKeepsThatLevelAndMoreSevereOnly() {
    assertThat(seqs(new LogFilter(null, null, null, LogLevel.ERROR, LogOrder.NEWEST_FIRST), 2))
        .containsExactly(20L, 16L, 12L, 8L, 4L);
    assertThat(seqs(new LogFilter(null, null, null, LogLevel.WARN, LogOrder.OLDEST_FIRST), 4))
        .containsExactly(1L, 4L, 5L, 8L, 9L, 12L, 13L, 16L, 17L, 20L);
    // "plain" lines have no level: even debug (everything with a level) leaves them out.
    assertThat(seqs(new LogFilter(null, null, null, LogLevel.DEBUG, LogOrder.NEWEST_FIRST), 7)).hasSize(15);
  }

  @Test
  void oldestFirstPagesEveryLineOnceInAppendOrder() {
    List<Long> seen = seqs(new LogFilter(null, null, null, null, LogOrder.OLDEST_FIRST), 6);
    assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
  }

  @Test
  void filtersCombineAndPagesNeitherSkipNorRepeat() {
    LogFilter filter = new LogFilter(T0.plusSeconds(3), T0.plusSeconds(19), "line 1", LogLevel.WARN, LogOrder.NEWEST_FIRST);
    assertThat(seqs(filter, 1)).containsExactly(17L, 16L, 13L, 12L);
  }

  @Test
  void aCursorOfOneOrderIsRefusedInTheOther() {
    LogPage first = store.read(tenant, new LogQuery(LogScope.deployment(deployment), LogType.BUILD, LogFilter.none(), null, 5));
    LogFilter oldest = new LogFilter(null, null, null, null, LogOrder.OLDEST_FIRST);
    assertThatThrownBy(() -> store.read(
        tenant, new LogQuery(LogScope.deployment(deployment), LogType.BUILD, oldest, first.nextCursor(), 5)))
        .isInstanceOf(InvalidLogCursorException.class);
  }
}
