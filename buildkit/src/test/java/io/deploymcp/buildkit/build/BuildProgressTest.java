package io.deploymcp.buildkit.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.deploymcp.buildkit.proto.control.StatusResponse;
import io.deploymcp.buildkit.proto.control.Vertex;
import io.deploymcp.buildkit.proto.control.VertexLog;
import io.deploymcp.buildkit.proto.control.VertexStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildProgressTest {
  private static final Instant NOW = Instant.parse("2026-01-01T10:00:30Z");
  private static final Timestamp STARTED = Timestamp.newBuilder().setSeconds(NOW.getEpochSecond() - 12).build();

  private final List<BuildLogLine> lines = new ArrayList<>();
  private final List<String> statuses = new ArrayList<>();
  private final BuildProgress progress = new BuildProgress(new BuildProgressListener() {
    @Override
    public void onLine(BuildLogLine line) {
      lines.add(line);
    }

    @Override
    public void onStatus(String status) {
      statuses.add(status);
    }
  }, new SecretMasker(List.of("s3cret-token".getBytes(StandardCharsets.UTF_8))), Clock.fixed(NOW, ZoneOffset.UTC));

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    private Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void silenceCountsFromTheLastStatusMessageOfAnyKind() {
    MovingClock clock = new MovingClock();
    BuildProgress watched = new BuildProgress(BuildProgressListener.NONE, new SecretMasker(List.of()), clock);
    clock.now = NOW.plusSeconds(7);
    assertThat(watched.silence()).isEqualTo(java.time.Duration.ofSeconds(7));

    // Even a message that changes nothing visible (a progress counter) is the daemon speaking.
    watched.accept(StatusResponse.newBuilder()
        .addStatuses(VertexStatus.newBuilder().setID("pull").setVertex("a").setCurrent(10).setTotal(100))
        .build());
    assertThat(watched.silence()).isZero();
    clock.now = NOW.plusSeconds(9);
    assertThat(watched.silence()).isEqualTo(java.time.Duration.ofSeconds(2));
  }

  @Test
  void summarizesTheRunningStepForAHeartbeat() {
    assertThat(progress.summary()).isEqualTo("waiting for BuildKit");

    progress.accept(StatusResponse.newBuilder()
        .addVertexes(Vertex.newBuilder().setDigest("a").setName("[1/3] FROM base").setCached(true).setStarted(STARTED).setCompleted(STARTED))
        .addVertexes(Vertex.newBuilder().setDigest("b").setName("[2/3] RUN npm ci").setStarted(STARTED))
        .build());

    assertThat(progress.summary()).isEqualTo("#2 [2/3] RUN npm ci (12s); 1 step done, 1 cached");
    assertThat(statuses).containsExactly("#2 [2/3] RUN npm ci (12s); 1 step done, 1 cached");
  }

  @Test
  void keepsTheLastFiftyOutputLinesOfAFailedStepMasked() {
    StringBuilder output = new StringBuilder();
    for (int i = 1; i <= 80; i++) {
      output.append("line ").append(i).append(i == 80 ? " s3cret-token" : "").append('\n');
    }
    progress.accept(StatusResponse.newBuilder()
        .addVertexes(Vertex.newBuilder().setDigest("b").setName("[2/2] RUN make").setStarted(STARTED))
        .addLogs(VertexLog.newBuilder().setVertex("b").setStream(1).setMsg(ByteString.copyFromUtf8(output.toString())))
        .build());
    progress.accept(StatusResponse.newBuilder()
        .addVertexes(Vertex.newBuilder().setDigest("b").setName("[2/2] RUN make").setStarted(STARTED).setCompleted(STARTED)
            .setError("executor failed running [/bin/sh -c make]: exit code: 2"))
        .addVertexes(Vertex.newBuilder().setDigest("c").setName("[internal] load build context").setStarted(STARTED).setCompleted(STARTED)
            .setError("context canceled"))
        .build());

    List<BuildProgress.FailedStep> failed = progress.failedSteps();
    assertThat(failed).extracting(BuildProgress.FailedStep::name).containsExactly("[2/2] RUN make", "[internal] load build context");
    assertThat(failed.getFirst().tail()).hasSize(50).startsWith("line 31").endsWith("line 80 ****");
    assertThat(lines).extracting(BuildLogLine::format).contains("#1 ERROR: executor failed running [/bin/sh -c make]: exit code: 2")
        .noneSatisfy(l -> assertThat(l).contains("s3cret-token"));
  }

  @Test
  void reportsFinishedCountersOnceWithTheirSize() {
    VertexStatus transfer = VertexStatus.newBuilder().setID("transferring context:").setVertex("ctx").setCurrent(12_345)
        .setCompleted(STARTED).build();

    progress.accept(StatusResponse.newBuilder()
        .addVertexes(Vertex.newBuilder().setDigest("ctx").setName("[internal] load build context").setStarted(STARTED))
        .addStatuses(transfer).build());
    progress.accept(StatusResponse.newBuilder().addStatuses(transfer).build());

    assertThat(lines).extracting(BuildLogLine::format)
        .containsExactly("#1 [internal] load build context", "#1 transferring context: 12.35kB done");
  }
}
