package io.deploymcp.worker.build;

import io.deploymcp.store.logs.LogLine;
import java.util.List;

/**
 * Sends a deployment's masked build log lines somewhere besides the log store (Loki, when
 * LOKI_URL is set). Never blocks a build nor fails it: a shipper that cannot keep up drops lines.
 */
public interface BuildLogShipper extends AutoCloseable {
  /** Ships nothing: no Loki configured. */
  BuildLogShipper NONE = new BuildLogShipper() {
    @Override
    public void ship(BuildLogLabels labels, List<ShippedLine> lines) {}

    @Override
    public boolean enabled() {
      return false;
    }
  };

  /** Hands the lines over; returns at once. Every line is already masked. */
  void ship(BuildLogLabels labels, List<ShippedLine> lines);

  default boolean enabled() {
    return true;
  }

  /** Stops shipping (Spring calls it at shutdown); never throws. */
  @Override
  default void close() {}

  /**
   * A masked line with its position among the lines this build attempt shipped ({@code seq},
   * from 1) and a time strictly after the previous line's, so every line has its own timestamp
   * (Loki keeps one of identical entries at one time) and the order reads back stable.
   */
  record ShippedLine(long seq, java.time.Instant at, LogLine line) {}
}
