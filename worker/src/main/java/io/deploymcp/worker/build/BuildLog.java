package io.deploymcp.worker.build;

import io.deploymcp.buildkit.build.BuildLogLine;
import io.deploymcp.buildkit.build.BuildProgressListener;
import io.deploymcp.store.logs.LineMasker;
import io.deploymcp.store.logs.LogLine;
import io.deploymcp.store.logs.PostgresLogStore;
import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.LogType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment's build log. BuildKit's threads add lines; the activity thread flushes them
 * to the {@link LogStore} between heartbeats, so no gRPC thread waits on the database, and hands
 * the same masked lines to the {@link BuildLogShipper} (Loki, when configured). Every line is
 * masked before it is kept or shipped: the build's own output may print a secret.
 */
final class BuildLog implements BuildProgressListener {
  private static final Logger log = LoggerFactory.getLogger(BuildLog.class);

  private final LogStore store;
  private final UUID tenantId;
  private final UUID deploymentId;
  private final LineMasker masker;
  private final BuildLogShipper shipper;
  private final BuildLogLabels labels;
  private final List<LogLine> pending = new ArrayList<>();
  private volatile String status = "starting";
  /** Only the flushing thread touches these two. */
  private long shippedSeq;
  private Instant lastShippedAt = Instant.EPOCH;

  BuildLog(LogStore store, UUID tenantId, UUID deploymentId, LineMasker masker) {
    this(store, tenantId, deploymentId, masker, BuildLogShipper.NONE, null);
  }

  BuildLog(
      LogStore store, UUID tenantId, UUID deploymentId, LineMasker masker, BuildLogShipper shipper,
      BuildLogLabels labels) {
    this.store = store;
    this.tenantId = tenantId;
    this.deploymentId = deploymentId;
    this.masker = masker;
    this.shipper = shipper;
    this.labels = labels;
  }

  /** A line of our own (plan, skip, push), as opposed to BuildKit's. */
  void note(String line) {
    add(LogLine.now(LogLine.STATUS, line));
  }

  @Override
  public void onLine(BuildLogLine line) {
    String stream =
        switch (line.kind()) {
          case STDOUT -> LogLine.STDOUT;
          case STDERR -> LogLine.STDERR;
          case STEP, CACHED, DONE, ERROR -> LogLine.STEP;
          default -> LogLine.STATUS;
        };
    add(new LogLine(line.time(), stream, line.format()));
  }

  @Override
  public void onStatus(String status) {
    this.status = masker.mask(status);
  }

  String status() {
    return status;
  }

  String mask(String text) {
    return text == null ? null : masker.mask(text);
  }

  private void add(LogLine line) {
    synchronized (pending) {
      pending.add(line);
    }
  }

  /** Writes what has accumulated. A store outage costs log lines, never the build. */
  void flush() {
    List<LogLine> batch;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(pending);
      pending.clear();
    }
    List<LogLine> masked = masker.mask(batch);
    try {
      store.append(tenantId, deploymentId, LogType.BUILD, masked);
    } catch (RuntimeException e) {
      log.warn("deployment {}: {} build log lines not stored: {}", deploymentId, batch.size(), e.toString());
    }
    if (shipper.enabled() && labels != null) {
      ship(masked);
    }
  }

  private void ship(List<LogLine> masked) {
    List<BuildLogShipper.ShippedLine> lines = new ArrayList<>(masked.size());
    for (LogLine line : masked) {
      // Strictly increasing times: one entry per nanosecond, so Loki keeps every line and its order.
      Instant at = line.at().isAfter(lastShippedAt) ? line.at() : lastShippedAt.plusNanos(1);
      lastShippedAt = at;
      // Cut as the worker's store cuts it: Loki then holds the same text, and never a line over
      // its 256 KiB entry limit (which it would refuse, and Loki4j drop; found against Loki v3.4.6).
      LogLine shipped = new LogLine(line.at(), line.stream(), LogLine.cut(line.line(), PostgresLogStore.DEFAULT_MAX_LINE_LENGTH));
      lines.add(new BuildLogShipper.ShippedLine(++shippedSeq, at, shipped));
    }
    try {
      shipper.ship(labels, lines);
    } catch (RuntimeException e) {
      log.warn("deployment {}: {} build log lines not shipped: {}", deploymentId, lines.size(), e.toString());
    }
  }
}
