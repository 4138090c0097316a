package io.deploymcp.buildkit.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import io.deploymcp.buildkit.proto.control.StatusResponse;
import io.deploymcp.buildkit.proto.control.Vertex;
import io.deploymcp.buildkit.proto.control.VertexLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A RUN step's output from the fuzzer, secrets written into it whole or one line of a
 * multi-line secret at a time, cut into chunks at any byte (BuildKit sends output as it comes,
 * not by line) and run through {@link BuildProgress} with the request's {@link SecretMasker}.
 * Properties: where the chunks are cut changes no line; no value the masker keeps (stripped, at
 * least {@link SecretMasker#MIN_LENGTH} characters), nor any such line of a multi-line value,
 * appears in a line shown; a line that holds none of them is shown as it was printed; and all of
 * it ends quickly for output of a part repeated up to 1 MiB.
 */
class BuildLogMaskingFuzzTest {
  private static final long DEADLINE_NANOS = 10_000_000_000L;
  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

  static {
    // Loading (and, when fuzzing, instrumenting) the protobuf classes took 11 s once on a loaded
    // machine: the bound is for the masking, so they are loaded before any input is timed.
    show(new SecretMasker(List.of()), "warm\n".getBytes(StandardCharsets.UTF_8), new int[] {1});
  }

  @FuzzTest
  void noSecretReachesALineWhereverTheOutputIsCut(FuzzedDataProvider data) {
    List<String> secrets = new ArrayList<>();
    int count = data.consumeInt(1, 3);
    for (int i = 0; i < count; i++) {
      secrets.add(data.consumeString(40));
    }
    StringBuilder printed = new StringBuilder();
    int pieces = data.consumeInt(0, 6);
    for (int i = 0; i < pieces; i++) {
      printed.append(data.consumeString(30));
      String secret = data.pickValue(secrets);
      if (data.consumeBoolean()) {
        printed.append(secret);
      } else {
        // How `cat key.pem` prints a multi-line secret: each line on its own, maybe indented.
        for (String line : secret.split("\r?\n", -1)) {
          printed.append(line.strip()).append(data.consumeBoolean() ? "\r\n" : "\n");
        }
      }
    }
    String part = data.consumeString(8);
    int times = part.isEmpty() ? 0 : data.consumeInt(0, (1 << data.consumeInt(0, 20)) / part.length());
    printed.append(part.repeat(times));
    byte[] bytes = printed.toString().getBytes(StandardCharsets.UTF_8);
    int[] cuts = cuts(data, bytes.length);

    SecretMasker masker = new SecretMasker(secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    long started = System.nanoTime();
    List<String> shown = show(masker, bytes, cuts);
    assertThat(System.nanoTime() - started).as("masking %d bytes", bytes.length).isLessThan(DEADLINE_NANOS);

    assertThat(shown).as("the same output in one chunk").isEqualTo(show(masker, bytes, new int[0]));
    List<String> kept = keptValues(secrets);
    String[] lines = printed.toString().split("\n", -1);
    int last = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
    assertThat(shown).hasSize(last);
    for (int i = 0; i < last; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      String out = shown.get(i);
      for (String value : kept) {
        // A mask next to printed text can spell a value made of the mask's own '*': such a value is not looked for.
        if (value.indexOf('*') < 0) {
          assertThat(out).as("line %s with secret %s", line, value).doesNotContain(value);
        }
      }
      if (kept.stream().noneMatch(line::contains)) {
        assertThat(out).as("a line without a secret").isEqualTo(line);
      }
    }
  }

  /** The values no line may show: each secret stripped, and each line of a multi-line one. */
  private static List<String> keptValues(List<String> secrets) {
    List<String> kept = new ArrayList<>();
    for (String secret : secrets) {
      // What the request carries is bytes; the masker reads them as UTF-8, as the log is read.
      String value = new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      kept.add(value.strip());
      for (String line : value.split("\r?\n")) {
        kept.add(line.strip());
      }
    }
    kept.removeIf(v -> v.length() < SecretMasker.MIN_LENGTH);
    return kept;
  }

  private static int[] cuts(FuzzedDataProvider data, int length) {
    int n = length == 0 ? 0 : data.consumeInt(0, Math.min(8, length));
    int[] cuts = new int[n];
    for (int i = 0; i < n; i++) {
      cuts[i] = data.consumeInt(0, length);
    }
    java.util.Arrays.sort(cuts);
    return cuts;
  }

  /** The STDOUT lines BuildProgress emits for one step's output sent in chunks cut at {@code cuts}. */
  private static List<String> show(SecretMasker masker, byte[] bytes, int[] cuts) {
    List<String> shown = new ArrayList<>();
    BuildProgress progress = new BuildProgress(new BuildProgressListener() {
      @Override
      public void onLine(BuildLogLine line) {
        if (line.kind() == BuildLogLine.Kind.STDOUT) {
          shown.add(line.text());
        }
      }

      @Override
      public void onStatus(String status) {}
    }, masker, Clock.fixed(NOW, ZoneOffset.UTC));
    progress.accept(StatusResponse.newBuilder().addVertexes(Vertex.newBuilder().setDigest("run").setName("RUN x")).build());
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : bytes.length;
      progress.accept(StatusResponse.newBuilder()
          .addLogs(VertexLog.newBuilder().setVertex("run").setStream(1).setMsg(ByteString.copyFrom(bytes, from, to - from)))
          .build());
      from = to;
    }
    progress.flush();
    return shown;
  }
}
