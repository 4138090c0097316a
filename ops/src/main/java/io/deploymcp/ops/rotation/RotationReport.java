package io.deploymcp.ops.rotation;

import java.util.List;

/** The outcome of a rotation that decrypted every row: committed, or rolled back as a dry run. */
record RotationReport(List<ColumnCount> columns, boolean dryRun) {
  int total() {
    return columns.stream().mapToInt(ColumnCount::rows).sum();
  }
}
