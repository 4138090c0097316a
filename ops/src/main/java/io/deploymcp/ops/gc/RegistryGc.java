package io.deploymcp.ops.gc;

import io.deploymcp.ops.gc.GcPlan.Candidate;
import io.deploymcp.ops.gc.PlatformClient.SweepAnswer;
import io.deploymcp.registry.RegistryClient;
import io.deploymcp.registry.RegistryException;
import io.deploymcp.registry.StoredManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The registry garbage collector, in the contract's order (docs/registry-gc.md): open the run →
 * read the registry → plan → (dry run: print and stop) → claim → delete the granted manifests by
 * digest → sweep phase (retried while builds are in flight, else skipped tonight) → blob GC →
 * end the run. Until the first delete, any failure of the platform or the registry stops it
 * with nothing deleted; the run it opened is ended on every way out, except when the CronJob's
 * next steps take it over ({@link BlobSweep.HandedOff}).
 */
public final class RegistryGc {
  static final int OK = 0;
  static final int FAILED = 1;
  /** Digests per claim request: the platform takes at most 10000 in one. */
  static final int CLAIM_BATCH = 1000;

  private final PlatformClient platform;
  private final RegistryClient registry;
  private final Optional<Path> storageRoot;
  private final BlobSweep blobSweep;
  private final SweepRetry retry;
  private final RunListener listener;
  private final GcReport report;
  private final PrintStream err;
  private final Clock clock;
  private final int claimBatch;

  /**
   * @param storageRoot REGISTRY_STORAGE_ROOT: where untagged revisions are read and the blob
   *     store is measured; empty: tags only, no sizes
   */
  public RegistryGc(PlatformClient platform, RegistryClient registry, Optional<Path> storageRoot, BlobSweep blobSweep,
      SweepRetry retry, RunListener listener, PrintStream out, PrintStream err) {
    this(platform, registry, storageRoot, blobSweep, retry, listener, out, err, Clock.systemUTC(), CLAIM_BATCH);
  }

  RegistryGc(PlatformClient platform, RegistryClient registry, Optional<Path> storageRoot, BlobSweep blobSweep,
      SweepRetry retry, RunListener listener, PrintStream out, PrintStream err, Clock clock, int claimBatch) {
    this.clock = clock;
    this.claimBatch = claimBatch;
    this.platform = platform;
    this.registry = registry;
    this.storageRoot = storageRoot;
    this.blobSweep = blobSweep;
    this.retry = retry;
    this.listener = listener;
    this.report = new GcReport(out);
    this.err = err;
  }

  /** One night's collection. @return the exit status */
  public int collect(int keepLast, boolean dryRun) {
    Optional<StorageRevisions> storage;
    try {
      storage = storageRoot.map(StorageRevisions::at);
    } catch (IllegalArgumentException e) {
      err.println(GcReport.PREFIX + e.getMessage() + ". Nothing was deleted.");
      return FAILED;
    }
    GcRun run;
    try {
      run = platform.openRun(keepLast, dryRun);
    } catch (PlatformException e) {
      err.println(GcReport.PREFIX + "failed at " + e.getMessage() + ". Nothing was deleted.");
      return FAILED;
    }
    report.opened(run, dryRun);
    Optional<UUID> runId = run.runId();
    Progress progress = new Progress();
    progress.expiresAt = run.expiresAt();
    try {
      return collect(run, storage, dryRun, progress);
    } catch (PlatformException e) {
      err.println(GcReport.PREFIX + "failed at " + e.getMessage() + ". " + progress.deletedSoFar());
      return FAILED;
    } catch (RuntimeException e) {
      // A bug or the disk (measuring the blob store): still a message, and the run is ended below.
      err.println(GcReport.PREFIX + "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage() + ". "
          + progress.deletedSoFar());
      return FAILED;
    } finally {
      if (runId.isPresent() && !progress.runClosed) {
        endQuietly(runId.get());
      }
    }
  }

  private int collect(GcRun run, Optional<StorageRevisions> storage, boolean dryRun, Progress progress)
      throws PlatformException {
    GcPlan plan;
    try {
      plan = new GcPlanner(this::indexChildren).plan(run, new RegistryInventory(registry, storage).read());
    } catch (RegistryException | UncheckedIOException e) {
      err.println(GcReport.PREFIX + "failed at reading the registry: " + e.getMessage() + ". Nothing was deleted.");
      return FAILED;
    }
    report.plan(plan, dryRun);
    listener.planned(run, plan);
    if (dryRun) {
      report.dryRunSummary(plan);
      return OK;
    }
    UUID runId = run.runId().orElseThrow();

    // Every batch is claimed before the first delete: a claim that fails half-way deletes nothing.
    Set<ImageDigest> granted = new HashSet<>();
    List<Candidate> candidates = plan.allDeletions();
    for (int from = 0; from < candidates.size(); from += claimBatch) {
      List<ImageDigest> batch = candidates.subList(from, Math.min(candidates.size(), from + claimBatch)).stream()
          .map(Candidate::image).toList();
      ClaimResult claims = platform.claim(runId, batch);
      granted.addAll(claims.granted());
      for (ClaimResult.Refusal refusal : claims.refused()) {
        report.line("kept " + refusal.image() + ": the platform refused it (" + refusal.reason() + ")");
      }
    }
    for (Candidate candidate : candidates) {
      if (granted.contains(candidate.image())) {
        delete(candidate, progress);
      }
    }
    report.line("deleted " + progress.deleted + " manifests" + (progress.gone > 0 ? ", " + progress.gone + " were already gone" : "")
        + (progress.failed > 0 ? ", " + progress.failed + " failed" : "") + ", " + (candidates.size() - granted.size())
        + " kept because the platform refused them");

    boolean sweepOk = sweepBlobs(runId, progress);
    return progress.failed == 0 && sweepOk ? OK : FAILED;
  }

  private void delete(Candidate candidate, Progress progress) {
    ImageDigest image = candidate.image();
    try {
      if (registry.deleteManifest(image.repository(), image.digest())) {
        progress.deleted++;
      } else {
        progress.gone++;
      }
    } catch (RegistryException e) {
      progress.failed++;
      err.println(GcReport.PREFIX + "could not delete " + image + ": " + e.getMessage());
    }
  }

  /** @return false when something failed (the blob GC command, ending the run) */
  private boolean sweepBlobs(UUID runId, Progress progress) throws PlatformException {
    if (blobSweep instanceof BlobSweep.None) {
      report.line("no blob GC command given: blobs stay until registry garbage-collect runs (--blob-gc)");
      return end(runId, progress);
    }
    if (!awaitSweep(runId)) {
      report.line("builds kept pushing: tonight's blob sweep is skipped; the manifests stay deleted and their blobs go next time");
      return end(runId, progress);
    }
    OptionalLong before = storageRoot.map(root -> OptionalLong.of(BlobStoreSize.of(root))).orElse(OptionalLong.empty());
    return switch (blobSweep) {
      case BlobSweep.None none -> throw new IllegalStateException("handled above");
      case BlobSweep.HandedOff handedOff -> handOff(runId, handedOff.handoff(), before, progress);
      case BlobSweep.Command command -> {
        report.line("sweep phase: pushes wait; running " + String.join(" ", command.command().command()));
        GcOutput gcOutput = new GcOutput();
        int exit = command.command().run(gcOutput::add);
        gcOutput.report(exit, report);
        reclaimed(before);
        boolean ended = end(runId, progress);
        if (exit != 0) {
          err.println(GcReport.PREFIX + "the blob GC command failed (exit " + exit + "); the manifests stay deleted");
          yield false;
        }
        yield ended;
      }
    };
  }

  private boolean awaitSweep(UUID runId) throws PlatformException {
    List<Duration> pauses = retry.pauses();
    for (int attempt = 0; ; attempt++) {
      if (platform.sweep(runId) == SweepAnswer.GRANTED) {
        return true;
      }
      if (attempt >= pauses.size()) {
        return false;
      }
      Duration pause = pauses.get(attempt);
      report.line("builds in flight: asking again for the sweep in " + pause.toSeconds() + " s");
      try {
        retry.sleeper().sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private boolean handOff(UUID runId, Handoff handoff, OptionalLong before, Progress progress) {
    try {
      handoff.sweepGranted(runId, progress.expiresAt, before);
    } catch (IOException e) {
      err.println(GcReport.PREFIX + "cannot write " + handoff.dir() + " for the garbage-collect step: " + e.getMessage());
      return false; // the run is ended on the way out
    }
    progress.runClosed = true; // the CronJob's last step ends it
    report.line("sweep phase: pushes wait; registry garbage-collect runs next, then --finish ends run " + runId);
    return true;
  }

  /** The CronJob's last step: reports garbage-collect's outcome and ends the run it ran in. */
  public int finish(Handoff handoff) {
    Optional<UUID> runId;
    OptionalInt gcExit;
    OptionalLong before;
    Progress progress = new Progress();
    try {
      runId = handoff.sweepRun();
      gcExit = handoff.gcExit();
      before = handoff.blobsBefore();
      progress.expiresAt = handoff.expiresAt();
    } catch (IOException e) {
      err.println(GcReport.PREFIX + "cannot read " + handoff.dir() + ": " + e.getMessage());
      return FAILED;
    }
    if (runId.isEmpty()) {
      report.line("no blob sweep was started tonight (see the collect step's log): nothing to finish");
      return OK;
    }
    reclaimed(before);
    boolean ended;
    try {
      ended = end(runId.get(), progress);
    } catch (PlatformException e) {
      err.println(GcReport.PREFIX + "failed at " + e.getMessage() + "; the run ends by itself when its lease expires");
      return FAILED;
    }
    if (gcExit.isEmpty()) {
      err.println(GcReport.PREFIX + "the garbage-collect step left no exit status in " + handoff.dir());
      return FAILED;
    }
    if (gcExit.getAsInt() != 0) {
      err.println(GcReport.PREFIX + "registry garbage-collect failed (exit " + gcExit.getAsInt()
          + ", see the garbage-collect container's log); the manifests stay deleted");
      return FAILED;
    }
    return ended ? OK : FAILED;
  }

  private void reclaimed(OptionalLong before) {
    if (before.isPresent() && storageRoot.isPresent()) {
      long after = BlobStoreSize.of(storageRoot.get());
      report.line("blob store: " + BlobStoreSize.human(before.getAsLong()) + " before, " + BlobStoreSize.human(after)
          + " after, " + BlobStoreSize.human(Math.max(0, before.getAsLong() - after)) + " reclaimed");
    }
  }

  private boolean end(UUID runId, Progress progress) throws PlatformException {
    progress.runClosed = true;
    boolean known = platform.endRun(runId);
    Instant now = clock.instant();
    if (progress.expiresAt.isPresent() && now.isAfter(progress.expiresAt.get())) {
      // The platform ends an expired run by itself and lets pushes resume: they may have run
      // alongside garbage-collect.
      err.println(GcReport.PREFIX + "run " + runId + "'s lease expired at " + progress.expiresAt.get()
          + ", before the collector ended it: pushes may have resumed during the blob sweep; check the images"
          + " pushed since then, and raise DP_REGISTRY_GC_LEASE if garbage-collect takes that long");
      return false;
    }
    if (!known) {
      err.println(GcReport.PREFIX + "the platform does not know run " + runId + " any more");
      return false;
    }
    report.line("run " + runId + " ended; pushes resume");
    return true;
  }

  private void endQuietly(UUID runId) {
    try {
      platform.endRun(runId);
      report.line("run " + runId + " ended");
    } catch (PlatformException e) {
      err.println(GcReport.PREFIX + "could not end the run (" + e.getMessage() + "); it ends by itself when its lease expires");
    }
  }

  private Set<String> indexChildren(String repository, String digest) {
    return registry.manifest(repository, digest).map(StoredManifest::children).orElse(Set.of());
  }

  /** What has happened so far, for the message of a failure half-way. */
  private static final class Progress {
    int deleted;
    int gone;
    int failed;
    boolean runClosed;
    Optional<Instant> expiresAt = Optional.empty();

    String deletedSoFar() {
      return deleted == 0 && gone == 0 ? "Nothing was deleted." : deleted + " manifests had been deleted before that.";
    }
  }
}
