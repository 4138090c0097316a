package io.deploymcp.buildkit.filesync;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of one synced directory; {@link #snapshot} turns them into a {@link FileTransfer}. */
final class TransferCounters {
  final AtomicInteger calls = new AtomicInteger();
  final LongAdder entriesSent = new LongAdder();
  final LongAdder filesRequested = new LongAdder();
  final LongAdder bytesSent = new LongAdder();

  FileTransfer snapshot(String dir) {
    return new FileTransfer(dir, calls.get(), entriesSent.sum(), filesRequested.sum(), bytesSent.sum());
  }
}
