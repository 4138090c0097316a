package io.deploymcp.store.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.store.support.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The build log store against a real PostgreSQL with the module's migrations. */
class PostgresLogStoreTest {
  private final LogStore store = new PostgresLogStore(TestDatabase.dataSource(), 100, 200);

  private UUID tenant;
  private UUID service;
  private UUID deployment;

  @BeforeEach
  void rows() {
    tenant = TestDatabase.tenant();
    service = TestDatabase.service(tenant);
    deployment = TestDatabase.deployment(tenant, service);
  }

  private static List<LogLine> lines(String prefix, int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> LogLine.now(LogLine.STDOUT, prefix + i)).toList();
  }

  private static List<String> texts(LogPage page) {
    return page.entries().stream().map(LogEntry::line).toList();
  }

  private LogPage build(UUID deploymentId, String cursor, int limit) {
    return store.read(tenant, new LogQuery(LogScope.deployment(deploymentId), LogType.BUILD, cursor, limit));
  }

  @Test
  void readsNewestFirstWithSeqInAppendOrder() {
    Instant at = Instant.parse("2026-01-02T03:04:05.123456Z");
    store.append(tenant, deployment, LogType.BUILD, List.of(
        new LogLine(at, LogLine.STEP, "#1 [1/2] FROM base"),
        new LogLine(at.plusSeconds(1), LogLine.STDERR, "warning: x")));
    store.append(tenant, deployment, LogType.BUILD, lines("out ", 3, 3));

    LogPage page = build(deployment, null, 10);

    assertThat(texts(page)).containsExactly("out 3", "warning: x", "#1 [1/2] FROM base");
    assertThat(page.entries()).extracting(LogEntry::seq).containsExactly(3L, 2L, 1L);
    assertThat(page.entries().get(2).at()).isEqualTo(at);
    assertThat(page.entries().get(2).stream()).isEqualTo("step");
    assertThat(page.entries().get(1).stream()).isEqualTo("stderr");
    assertThat(page.entries()).allSatisfy(e -> assertThat(e.deploymentId()).isEqualTo(deployment));
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void cursorPagesThroughEveryLineOnceNewestFirst() {
    store.append(tenant, deployment, LogType.BUILD, lines("l", 1, 25));

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      LogPage page = build(deployment, cursor, 10);
      seen.addAll(texts(page));
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(IntStream.iterate(25, i -> i >= 1, i -> i - 1).mapToObj(i -> "l" + i).toList());
  }

  @Test
  void exactlyFullLastPageHasNoCursor() {
    store.append(tenant, deployment, LogType.BUILD, lines("l", 1, 10));
    assertThat(build(deployment, null, 10).nextCursor()).isNull();
  }

  @Test
  void keepsAtMostTheBoundDroppingTheOldestFirst() {
    store.append(tenant, deployment, LogType.BUILD, lines("a", 1, 70));
    store.append(tenant, deployment, LogType.BUILD, lines("b", 1, 50));

    assertThat(TestDatabase.count("select count(*) from deployment_logs where deployment_id = ?", deployment)).isEqualTo(100);
    LogPage page = build(deployment, null, 200);
    assertThat(texts(page)).hasSize(100).startsWith("b50").endsWith("a21");
    assertThat(page.entries().getFirst().seq()).isEqualTo(120);
    assertThat(page.entries().getLast().seq()).isEqualTo(21);
  }

  @Test
  void oneBatchLargerThanTheBoundKeepsItsNewestLines() {
    store.append(tenant, deployment, LogType.BUILD, lines("x", 1, 5));
    store.append(tenant, deployment, LogType.BUILD, lines("y", 1, 250));

    LogPage page = build(deployment, null, 200);
    assertThat(TestDatabase.count("select count(*) from deployment_logs where deployment_id = ?", deployment)).isEqualTo(100);
    assertThat(texts(page)).startsWith("y250").doesNotContain("x5", "y150");
    assertThat(page.entries().getFirst().seq()).isEqualTo(255);

    store.append(tenant, deployment, LogType.BUILD, lines("z", 1, 1));
    assertThat(build(deployment, null, 1).entries().getFirst().seq()).isEqualTo(256);
  }

  @Test
  void boundIsPerDeployment() {
    UUID other = TestDatabase.deployment(tenant, service);
    store.append(tenant, deployment, LogType.BUILD, lines("a", 1, 100));
    store.append(tenant, other, LogType.BUILD, lines("b", 1, 100));

    assertThat(TestDatabase.count("select count(*) from deployment_logs where deployment_id = ?", deployment)).isEqualTo(100);
    assertThat(build(deployment, null, 1).entries().getFirst().seq()).isEqualTo(100);
    assertThat(texts(build(deployment, null, 200))).doesNotContain("b1");
  }

  @Test
  void cutsLongLinesWithAMarkerAndReplacesNul() {
    String longLine = "z".repeat(1000);
    store.append(tenant, deployment, LogType.BUILD, List.of(
        LogLine.now(LogLine.STDOUT, longLine), LogLine.now(LogLine.STDOUT, "nul\0here")));

    List<String> stored = texts(build(deployment, null, 10));
    assertThat(stored.get(0)).isEqualTo("nul\uFFFDhere");
    assertThat(stored.get(1)).startsWith("z".repeat(200)).endsWith("… [truncated 800 chars]");
    assertThat(stored.get(1)).hasSize(200 + "… [truncated 800 chars]".length());
  }

  @Test
  void neverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00";
    String line = "a".repeat(199) + emoji + "tail";
    store.append(tenant, deployment, LogType.BUILD, List.of(LogLine.now(null, line)));

    LogEntry entry = build(deployment, null, 1).entries().getFirst();
    assertThat(entry.line()).startsWith("a".repeat(199) + "…");
    assertThat(entry.stream()).isEqualTo("stdout");
  }

  @Test
  void typesAreReadSeparately() {
    store.append(tenant, deployment, LogType.BUILD, lines("build", 1, 2));
    store.append(tenant, deployment, LogType.RUNTIME, lines("run", 1, 2));

    assertThat(texts(build(deployment, null, 10))).containsExactly("build2", "build1");
    LogPage runtime = store.read(tenant, LogQuery.firstPage(LogScope.deployment(deployment), LogType.RUNTIME, 10));
    assertThat(texts(runtime)).containsExactly("run2", "run1");
    assertThat(runtime.entries()).extracting(LogEntry::seq).containsExactly(4L, 3L);
  }

  @Test
  void anotherTenantReadsNothingAndCannotAppend() {
    store.append(tenant, deployment, LogType.BUILD, lines("mine", 1, 3));
    UUID stranger = TestDatabase.tenant();

    assertThat(store.read(stranger, LogQuery.firstPage(LogScope.deployment(deployment), LogType.BUILD, 10)).entries()).isEmpty();
    assertThat(store.read(stranger, LogQuery.firstPage(LogScope.service(service), LogType.BUILD, 10)).entries()).isEmpty();
    assertThatThrownBy(() -> store.append(stranger, deployment, LogType.BUILD, lines("theirs", 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TestDatabase.count("select count(*) from deployment_logs where deployment_id = ?", deployment)).isEqualTo(3);
  }

  @Test
  void unknownDeploymentIsRefused() {
    assertThatThrownBy(() -> store.append(tenant, UUID.randomUUID(), LogType.BUILD, lines("x", 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyAppendWritesNothing() {
    store.append(tenant, deployment, LogType.BUILD, List.of());
    assertThat(build(deployment, null, 10).entries()).isEmpty();
  }

  @Test
  void serviceScopeReadsNewestDeploymentFirstAcrossPages() throws Exception {
    store.append(tenant, deployment, LogType.BUILD, lines("old", 1, 3));
    Thread.sleep(5); // created_at orders the deployments
    UUID newer = TestDatabase.deployment(tenant, service);
    store.append(tenant, newer, LogType.BUILD, lines("new", 1, 3));
    UUID otherService = TestDatabase.service(tenant);
    store.append(tenant, TestDatabase.deployment(tenant, otherService), LogType.BUILD, lines("other", 1, 3));

    List<String> seen = new ArrayList<>();
    LogQuery query = LogQuery.firstPage(LogScope.service(service), LogType.BUILD, 2);
    LogPage page;
    do {
      page = store.read(tenant, query);
      seen.addAll(texts(page));
      query = query.next(page.nextCursor());
    } while (page.nextCursor() != null);

    assertThat(seen).containsExactly("new3", "new2", "new1", "old3", "old2", "old1");
  }

  @Test
  void refusesCursorsItDidNotIssue() {
    store.append(tenant, deployment, LogType.BUILD, lines("l", 1, 5));
    String deploymentCursor = build(deployment, null, 2).nextCursor();

    assertThatThrownBy(() -> build(deployment, "not-a-cursor!", 2)).isInstanceOf(InvalidLogCursorException.class);
    assertThatThrownBy(() -> build(deployment, "ZDE6eA", 2)).isInstanceOf(InvalidLogCursorException.class); // "d1:x"
    assertThatThrownBy(() -> store.read(tenant, new LogQuery(LogScope.service(service), LogType.BUILD, deploymentCursor, 2)))
        .isInstanceOf(InvalidLogCursorException.class);
  }

  @Test
  void concurrentAppendsGetDistinctConsecutiveSeqs() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 5; i++) {
            store.append(tenant, deployment, LogType.BUILD, lines("w" + writer + "-" + i + "-", 1, 4));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    LogPage page = build(deployment, null, 200);
    assertThat(page.entries()).extracting(LogEntry::seq)
        .containsExactlyElementsOf(IntStream.iterate(80, i -> i >= 1, i -> i - 1).mapToObj(i -> (long) i).toList());
  }

  @Test
  void deletingTheDeploymentRemovesItsLines() {
    store.append(tenant, deployment, LogType.BUILD, lines("l", 1, 3));
    TestDatabase.update("delete from deployments where id = ?", deployment);
    assertThat(TestDatabase.count("select count(*) from deployment_logs where deployment_id = ?", deployment)).isZero();
  }
}
