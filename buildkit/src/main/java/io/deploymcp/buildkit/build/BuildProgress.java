package io.deploymcp.buildkit.build;

import com.google.protobuf.Timestamp;
import io.deploymcp.buildkit.build.BuildLogLine.Kind;
import io.deploymcp.buildkit.proto.control.StatusResponse;
import io.deploymcp.buildkit.proto.control.Vertex;
import io.deploymcp.buildkit.proto.control.VertexLog;
import io.deploymcp.buildkit.proto.control.VertexStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the Status stream into build log lines in the shape of BuildKit's plain progress output
 * ({@code #n name}, {@code #n CACHED}, {@code #n <output>}, {@code #n DONE 1.2s}, {@code #n ERROR: ...}),
 * keeps each step's last output lines for failure reports, and summarizes the build for a
 * heartbeat. Steps are numbered in the order they start.
 */
final class BuildProgress {
  static final int TAIL_LINES = 50;

  /** What a failed step left behind. */
  record FailedStep(String name, String error, List<String> tail) {}

  private static final class Step {
    final String digest;
    String name = "";
    int number;
    boolean cached;
    boolean completed;
    Instant started;
    String error;
    final Deque<String> tail = new ArrayDeque<>();
    final Map<Long, ByteArrayOutputStream> partial = new HashMap<>();
    final Set<String> finishedCounters = new HashSet<>();

    Step(String digest) {
      this.digest = digest;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(BuildProgress.class);

  private final BuildProgressListener listener;
  private final SecretMasker masker;
  private final Clock clock;
  private final Map<String, Step> steps = new LinkedHashMap<>();
  private int announced;
  private String lastSummary = "";
  private volatile Instant lastActivity;

  BuildProgress(BuildProgressListener listener, SecretMasker masker, Clock clock) {
    this.listener = listener;
    this.masker = masker;
    this.clock = clock;
    this.lastActivity = clock.instant();
  }

  /** Time since the Status stream last said anything (since creation before the first message). */
  Duration silence() {
    Duration silent = Duration.between(lastActivity, clock.instant());
    return silent.isNegative() ? Duration.ZERO : silent;
  }

  synchronized void accept(StatusResponse response) {
    lastActivity = clock.instant();
    // Starts (and cache hits) first, ends last, so a batch that carries a step's start, output
    // and end prints them in that order.
    for (Vertex vertex : response.getVertexesList()) {
      vertexStarted(vertex);
    }
    for (VertexStatus status : response.getStatusesList()) {
      counter(status);
    }
    for (VertexLog log : response.getLogsList()) {
      output(log);
    }
    for (Vertex vertex : response.getVertexesList()) {
      vertexEnded(vertex);
    }
    String summary = summary();
    if (!summary.equals(lastSummary)) {
      lastSummary = summary;
      safely(() -> listener.onStatus(summary));
    }
  }

  /** A line about the build as a whole (step 0), e.g. why it failed. */
  synchronized void buildError(String message) {
    emit(0, Kind.ERROR, masker.mask(message), null);
  }

  /** Emits output lines still waiting for their newline. */
  synchronized void flush() {
    steps.values().forEach(this::flushPartial);
  }

  synchronized String summary() {
    Step running = null;
    int done = 0;
    int cached = 0;
    for (Step step : steps.values()) {
      if (step.number == 0) {
        continue;
      }
      if (step.completed) {
        done++;
        if (step.cached) {
          cached++;
        }
      } else if (running == null || (step.started != null && running.started != null && step.started.isAfter(running.started))) {
        running = step;
      }
    }
    String counts = done + (done == 1 ? " step" : " steps") + " done, " + cached + " cached";
    if (running == null) {
      return announced == 0 ? "waiting for BuildKit" : counts;
    }
    long seconds = running.started == null ? 0 : Duration.between(running.started, clock.instant()).toSeconds();
    return "#" + running.number + " " + shorten(masker.mask(running.name)) + " (" + Math.max(0, seconds) + "s); " + counts;
  }

  synchronized int stepCount() {
    return (int) steps.values().stream().filter(s -> s.number > 0).count();
  }

  synchronized int cachedCount() {
    return (int) steps.values().stream().filter(s -> s.number > 0 && s.cached).count();
  }

  /** Steps that failed, the one that caused the build to fail first (cancellations of siblings last). */
  synchronized List<FailedStep> failedSteps() {
    flush();
    List<FailedStep> failed = new ArrayList<>();
    List<FailedStep> cancelled = new ArrayList<>();
    for (Step step : steps.values()) {
      if (step.error == null) {
        continue;
      }
      FailedStep entry = new FailedStep(masker.mask(step.name), masker.mask(step.error), List.copyOf(step.tail));
      (isCancellation(step.error) ? cancelled : failed).add(entry);
    }
    failed.addAll(cancelled);
    return failed;
  }

  static boolean isCancellation(String error) {
    String lower = error.toLowerCase(Locale.ROOT);
    return lower.equals("context canceled") || lower.endsWith(": context canceled") || lower.equals("canceled");
  }

  private void vertexStarted(Vertex vertex) {
    Step step = steps.computeIfAbsent(vertex.getDigest(), Step::new);
    if (!vertex.getName().isEmpty()) {
      step.name = vertex.getName();
    }
    if (step.number == 0 && (vertex.hasStarted() || vertex.getCached() || !vertex.getError().isEmpty())) {
      announce(step, vertex.hasStarted() ? instant(vertex.getStarted()) : clock.instant());
    }
    if (vertex.hasStarted() && step.started == null) {
      step.started = instant(vertex.getStarted());
    }
    // A cached step has no output: say so right after its name.
    if (vertex.getCached() && !step.cached) {
      step.cached = true;
      // The daemon sometimes flags a step cached after reporting it done (e.g. FROM): count it, say it once.
      if (!step.completed) {
        emit(step.number, Kind.CACHED, "", null);
      }
    }
  }

  private void vertexEnded(Vertex vertex) {
    Step step = steps.get(vertex.getDigest());
    if (!vertex.getError().isEmpty() && step.error == null) {
      flushPartial(step);
      step.error = vertex.getError();
      emit(step.number, Kind.ERROR, masker.mask(step.error), null);
    } else if (vertex.hasCompleted() && !step.completed && !step.cached && step.error == null) {
      flushPartial(step);
      Instant end = instant(vertex.getCompleted());
      double seconds = step.started == null ? 0 : Duration.between(step.started, end).toMillis() / 1000.0;
      emit(step.number, Kind.DONE, String.format(Locale.ROOT, "DONE %.1fs", Math.max(0, seconds)), end);
    }
    if (vertex.hasCompleted()) {
      step.completed = true;
    }
  }

  private void counter(VertexStatus status) {
    Step step = steps.computeIfAbsent(status.getVertex(), Step::new);
    if (!status.hasCompleted() || !step.finishedCounters.add(status.getID())) {
      return;
    }
    if (step.number == 0) {
      announce(step, clock.instant());
    }
    // Like BuildKit's own printer: the id is the descriptive part ("transferring context:").
    String label = status.getID().isEmpty() ? status.getName() : status.getID();
    String amount = status.getCurrent() > 0 ? " " + bytes(status.getCurrent()) : "";
    emit(step.number, Kind.PROGRESS, masker.mask(label) + amount + " done", instant(status.getCompleted()));
  }

  private void output(VertexLog log) {
    Step step = steps.computeIfAbsent(log.getVertex(), Step::new);
    if (step.number == 0) {
      announce(step, clock.instant());
    }
    // Bytes until a line is whole: a chunk may end inside a UTF-8 character (a secret's too, which
    // decoded apart would no longer match the masker), and '\n' is never part of one. Each byte is
    // looked at once, however many lines a chunk holds or however long a line grows.
    ByteArrayOutputStream pending = step.partial.computeIfAbsent(log.getStream(), s -> new ByteArrayOutputStream());
    byte[] msg = log.getMsg().toByteArray();
    int start = 0;
    for (int i = 0; i < msg.length; i++) {
      if (msg[i] == '\n') {
        pending.write(msg, start, i - start);
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        outputLine(step, log.getStream(), line, log.hasTimestamp() ? instant(log.getTimestamp()) : null);
        start = i + 1;
      }
    }
    pending.write(msg, start, msg.length - start);
  }

  private void flushPartial(Step step) {
    step.partial.forEach((stream, pending) -> {
      if (pending.size() > 0) {
        outputLine(step, stream, pending.toString(StandardCharsets.UTF_8), null);
        pending.reset();
      }
    });
  }

  private void outputLine(Step step, long stream, String line, Instant time) {
    String text = masker.mask(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    step.tail.addLast(text);
    while (step.tail.size() > TAIL_LINES) {
      step.tail.removeFirst();
    }
    emit(step.number, stream == 2 ? Kind.STDERR : Kind.STDOUT, text, time);
  }

  private void announce(Step step, Instant time) {
    step.number = ++announced;
    emit(step.number, Kind.STEP, masker.mask(step.name), time);
  }

  private void emit(int number, Kind kind, String text, Instant time) {
    BuildLogLine line = new BuildLogLine(time == null ? clock.instant() : time, number, kind, text);
    safely(() -> listener.onLine(line));
  }

  private static void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // A listener's bug must not break the build; it has been told to return quickly and not throw.
      log.warn("build progress listener failed", e);
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static String shorten(String name) {
    return name.length() <= 80 ? name : name.substring(0, 77) + "...";
  }

  static String bytes(long count) {
    if (count < 1000) {
      return count + "B";
    }
    double value = count;
    String[] units = {"kB", "MB", "GB", "TB"};
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
  }
}
