package io.deploymcp.ops.gc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * What of garbage-collect's output is worth printing: it writes a line per repository, manifest
 * and blob (every repository, not only the collector's), so only its summary ("N blobs marked,
 * M blobs and K manifests eligible for deletion") and error lines are passed on, and its last
 * lines when it fails.
 */
final class GcOutput {
  private static final int TAIL = 20;

  private final Deque<String> tail = new ArrayDeque<>();
  private final StringBuilder kept = new StringBuilder();

  void add(String line) {
    String lower = line.toLowerCase(Locale.ROOT);
    if (lower.contains("blobs marked") || lower.contains("error") || lower.contains("fail") || lower.contains("panic")) {
      kept.append(line.strip()).append('\n');
    }
    tail.addLast(line);
    if (tail.size() > TAIL) {
      tail.removeFirst();
    }
  }

  void report(int exit, GcReport report) {
    kept.toString().lines().forEach(line -> report.line("garbage-collect: " + line));
    if (exit != 0) {
      tail.forEach(line -> report.line("garbage-collect: " + line));
    }
  }
}
