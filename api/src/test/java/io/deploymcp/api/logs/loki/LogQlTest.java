package io.deploymcp.api.logs.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.embedded.LokiStandIn;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LogQL values are escaped so no value can close its string and add a matcher: checked against
 * the {@link LokiStandIn} (a stand-in for Loki, which parses the query as Go strings).
 */
class LogQlTest {

  @Test
  void quotesBackslashesQuotesAndControlCharacters() {
    assertThat(LogQl.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\x01\"");
    assertThat(LogQl.selector(new LinkedHashMap<>(Map.of("job", "build")))).isEqualTo("{job=\"build\"}");
  }

  @Test
  void aHostileValueMatchesOnlyItselfAndCannotWidenTheSelector() {
    try (LokiStandIn loki = new LokiStandIn()) {
      String hostile = "x\",tenant=~\".*";
      loki.add(new LokiStandIn.Entry(Map.of("job", "build", "tenant", "victim"), 10, "victim's line", Map.of()));
      loki.add(new LokiStandIn.Entry(Map.of("job", "build", "tenant", hostile), 20, "own line", Map.of()));
      LokiClient client = new LokiClient(loki.url(), Duration.ofSeconds(5));
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("job", "build");
      labels.put("tenant", hostile);

      List<LokiLine> lines = client.queryRange(LogQl.selector(labels), 0, 100, 10, true);

      assertThat(lines).extracting(LokiLine::line).containsExactly("own line");
    }
  }

  @Test
  void credentialsInTheUrlNeverAppearInMessages() {
    LokiClient client = new LokiClient("http://deploy:pa55word@127.0.0.1:1", Duration.ofMillis(500));
    assertThat(client.describe()).isEqualTo("127.0.0.1:1");
    try {
      client.queryRange("{job=\"build\"}", 0, 1, 1, true);
    } catch (LokiException e) {
      assertThat(e.getMessage()).doesNotContain("pa55word").contains("127.0.0.1:1");
      return;
    }
    throw new AssertionError("a closed port answered");
  }
}
