package io.deploymcp.ops.gc;

/** What follows the manifest deletes: the blob sweep, and who runs registry garbage-collect. */
public sealed interface BlobSweep {
  /** No garbage-collect here: no sweep phase either; blobs stay until it runs. */
  record None() implements BlobSweep {}

  /** The collector runs the command itself while the platform holds pushes (bin/registry-gc --blob-gc). */
  record Command(BlobGcCommand command) implements BlobSweep {}

  /** The CronJob's next container runs it; the last one ends the run (--handoff DIR). */
  record HandedOff(Handoff handoff) implements BlobSweep {}
}
