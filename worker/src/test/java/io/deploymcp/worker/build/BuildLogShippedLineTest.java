package io.deploymcp.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.logs.LineMasker;
import io.deploymcp.store.logs.LogLine;
import io.deploymcp.store.logs.LogPage;
import io.deploymcp.store.logs.LogQuery;
import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.LogType;
import io.deploymcp.store.logs.PostgresLogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What goes to Loki is what the store keeps: a line longer than the store's bound is cut the same
 * way before it is shipped (a real Loki refuses an entry over 256 KiB, and Loki4j then drops it),
 * and the secret is masked first.
 */
class BuildLogShippedLineTest {
  @Test
  void aLongLineIsShippedCutAsTheStoreCutsItAndMasked() {
    List<BuildLogShipper.ShippedLine> shipped = new ArrayList<>();
    BuildLogShipper shipper = (labels, lines) -> shipped.addAll(lines);
    LogStore discard = new LogStore() {
      @Override
      public void append(UUID tenantId, UUID deploymentId, LogType type, List<LogLine> lines) {}

      @Override
      public LogPage read(UUID tenantId, LogQuery query) {
        throw new UnsupportedOperationException();
      }
    };
    UUID deployment = UUID.randomUUID();
    BuildLog log = new BuildLog(discard, UUID.randomUUID(), deployment, LineMasker.of(Set.of("s3cr3t-value")), shipper,
        new BuildLogLabels("t", "p", "svc", deployment));
    String huge = "token s3cr3t-value " + "x".repeat(300_000);

    log.note(huge);
    log.note("short line");
    log.flush();

    assertThat(shipped).hasSize(2);
    String first = shipped.get(0).line().line();
    assertThat(first)
        .startsWith("token *** x")
        .endsWith(" chars]")
        .isEqualTo(LogLine.cut("token *** " + "x".repeat(300_000), PostgresLogStore.DEFAULT_MAX_LINE_LENGTH));
    assertThat(first.length()).isLessThan(PostgresLogStore.DEFAULT_MAX_LINE_LENGTH + 40);
    assertThat(shipped.get(1).line().line()).isEqualTo("short line");
    assertThat(shipped.get(1).seq()).isEqualTo(2);
  }
}
