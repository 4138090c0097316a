package io.deploymcp.buildpacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deploymcp.buildpacks.DockerfileSources.Kind;
import io.deploymcp.buildpacks.DockerfileSources.RemoteSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A customer's Dockerfile from the fuzzer (a part repeated up to 1 MiB) through the list of what
 * it makes BuildKit fetch, which the worker checks before a build (issue 13). Properties: the
 * scan ends quickly and never throws (it runs on a worker thread, on untrusted text); every source
 * names a line of the file and is not empty, and every URL source really is a remote reference;
 * and blank lines before a file that has no parser directive only move each source down by as
 * many lines, so line numbers in the refusal are the file's own.
 */
class DockerfileSourcesFuzzTest {
  private static final long DEADLINE_SECONDS = 10;
  private static final int MAX_CHARS = 1 << 20;
  private static final Pattern REMOTE = Pattern.compile("^(?i)(https?://|git://|ssh://|git@)");
  private static final ExecutorService SCANNER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fuzz-dockerfile-sources");
    t.setDaemon(true); // a runaway scan must not keep the JVM alive
    return t;
  });

  @FuzzTest
  void findsEverySourceQuicklyAndBlankLinesOnlyShiftThem(FuzzedDataProvider data) {
    int times = data.consumeInt(1, 1 << 14);
    String part = data.consumeRemainingAsString();
    String dockerfile = part.isEmpty() ? "" : part.repeat(Math.min(times, Math.max(1, MAX_CHARS / part.length())));
    Map<String, String> args = Map.of("TAG", "1", "BASE", "registry.example.com/app");

    List<RemoteSource> sources = scan(dockerfile, args);

    int lines = dockerfile.split("\r?\n", -1).length;
    for (RemoteSource source : sources) {
      assertThat(source.line()).as("%s", source).isBetween(1, lines);
      assertThat(source.reference()).as("%s", source).isNotEmpty();
      if (source.kind() == Kind.URL) {
        assertThat(REMOTE.matcher(source.reference()).find()).as("%s", source).isTrue();
      }
    }
    String firstLine = dockerfile.split("\r?\n", 2)[0];
    if (!firstLine.strip().startsWith("#")) {
      List<RemoteSource> shifted = scan("\n\n" + dockerfile, args);
      assertThat(shifted).hasSameSizeAs(sources);
      for (int i = 0; i < sources.size(); i++) {
        RemoteSource before = sources.get(i);
        assertThat(shifted.get(i)).isEqualTo(
            new RemoteSource(before.line() + 2, before.kind(), before.reference(), before.instruction()));
      }
    }
  }

  private static List<RemoteSource> scan(String dockerfile, Map<String, String> args) {
    Future<List<RemoteSource>> scan = SCANNER.submit(() -> DockerfileSources.of(dockerfile, args));
    try {
      return scan.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      scan.cancel(true);
      return fail("the scan of %d chars took over %d s", dockerfile.length(), DEADLINE_SECONDS);
    } catch (ExecutionException e) {
      return fail("the scan threw", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }
}
