package io.deploymcp.api.logs.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.embedded.LokiStandIn;
import io.deploymcp.store.logs.InvalidLogCursorException;
import io.deploymcp.store.logs.LogOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging over query_range against the {@link LokiStandIn} (a stand-in for Loki): many lines per
 * nanosecond, and a filter applied after Loki answered (runtime contains), never skip or repeat.
 */
class LokiPagerTest {
  private LokiStandIn loki;
  private LokiPager pager;

  @BeforeEach
  void start() {
    loki = new LokiStandIn();
    pager = new LokiPager(new LokiClient(loki.url(), Duration.ofSeconds(5)));
    // 3000 lines, 40 per nanosecond (requests end inside a nanosecond's lines), keyed by seq.
    for (int i = 0; i < 3000; i++) {
      loki.add(new LokiStandIn.Entry(Map.of("job", "build"), 1_000 + i / 40, "line " + i, Map.of("seq", String.format("%05d", i))));
    }
  }

  @AfterEach
  void stop() {
    loki.close();
  }

  private List<String> all(LogOrder order, int limit, java.util.function.Predicate<String> keep) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      LokiPager.Page<String> page = pager.page("{job=\"build\"}", 0, 10_000, order, cursor, limit,
          l -> l.labels().get("seq"), l -> keep.test(l.line()) ? l.line() : null);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
      seen.addAll(page.items());
      cursor = page.nextCursor();
      assertThat(++pages).isLessThan(2000);
    } while (cursor != null);
    return seen;
  }

  @Test
  void pagesThroughTiesInBothOrdersOnceEach() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      expected.add("line " + i);
    }
    assertThat(all(LogOrder.OLDEST_FIRST, 37, l -> true)).containsExactlyElementsOf(expected);
    assertThat(all(LogOrder.NEWEST_FIRST, 250, l -> true)).containsExactlyElementsOf(expected.reversed());
  }

  @Test
  void aFilterAfterLokiScansOnWithoutLosingMatches() {
    List<String> sparse = all(LogOrder.NEWEST_FIRST, 5, l -> l.endsWith("99"));
    assertThat(sparse).hasSize(30).doesNotHaveDuplicates().first().isEqualTo("line 2999");
  }

  @Test
  void aCursorOfTheOtherOrderOrNotOursIsRefused() {
    String cursor = pager.page("{job=\"build\"}", 0, 10_000, LogOrder.NEWEST_FIRST, null, 10,
        l -> l.labels().get("seq"), LokiLine::line).nextCursor();
    assertThatThrownBy(() -> pager.page("{job=\"build\"}", 0, 10_000, LogOrder.OLDEST_FIRST, cursor, 10,
        l -> l.labels().get("seq"), LokiLine::line)).isInstanceOf(InvalidLogCursorException.class);
    assertThatThrownBy(() -> pager.page("{job=\"build\"}", 0, 10_000, LogOrder.NEWEST_FIRST, "e30", 10,
        l -> l.labels().get("seq"), LokiLine::line)).isInstanceOf(InvalidLogCursorException.class);
  }
}
