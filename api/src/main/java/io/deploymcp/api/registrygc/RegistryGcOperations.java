package io.deploymcp.api.registrygc;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.db.Database;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.store.registrygc.CollectedImages;
import io.deploymcp.store.registrygc.ImageDigestRef;
import io.deploymcp.store.registrygc.RegistryGcGate;
import io.deploymcp.store.registrygc.SweepDecision;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The platform's side of a registry garbage collection run (docs/registry-gc.md): open a run and
 * say what to keep, grant the deletes that are still safe, let the blob sweep start when no push
 * is in flight, end the run. Every refusal changes nothing.
 */
@Singleton
public class RegistryGcOperations {
  private static final Logger LOG = Logger.getLogger(RegistryGcOperations.class);
  static final String CLAIM_PHASE = "claim";
  static final String SWEEP_PHASE = "sweep";

  private final Database db;
  private final RegistryGcRuns runs;
  private final InventoryReader inventory;
  private final Duration lease;

  public RegistryGcOperations(Database db, RegistryGcRuns runs, InventoryReader inventory, ApiConfig config) {
    this.db = db;
    this.runs = runs;
    this.inventory = inventory;
    this.lease = config.registryGc().lease();
  }

  /** Opens a run (or, for a dry run, only answers what one would keep). */
  public RunPlan open(OpenRunRequest body) {
    int keepLast = RegistryGcRequests.keepLast(body);
    boolean dryRun = RegistryGcRequests.dryRun(body);
    if (dryRun) {
      return new RunPlan(null, null, keepLast, true, null, entries(keepLast));
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new ApiProblem(ProblemCode.OPERATOR_NOT_CONFIGURED, "DP_REGISTRY_GC_LEASE must be positive, e.g. PT30M");
    }
    RegistryGcRuns.OpenRun run = db.transaction(c -> runs.open(c, keepLast, lease));
    // Read after the run exists: whatever starts to need an image from now on is seen by the claims.
    List<RepositoryEntry> entries = entries(keepLast);
    LOG.infof("registry GC run %s opened (keep_last %d, %d repositories, until %s)",
        run.id(), keepLast, entries.size(), run.expiresAt());
    return new RunPlan(run.id(), run.expiresAt(), keepLast, false, CLAIM_PHASE, entries);
  }

  private List<RepositoryEntry> entries(int keepLast) {
    return Inventory.of(db.read(inventory::read), keepLast).entries();
  }

  /**
   * Grants each claimed manifest that may be deleted now and records it as collected, in one
   * transaction that holds the claims lock: a publish or rollback of one of them either committed
   * before (and is seen here as a reason to refuse) or sees the grant (and refuses to run it).
   */
  public ClaimsAnswer claim(String rawRunId, ClaimsRequest body) {
    UUID runId = RegistryGcRequests.runId(rawRunId);
    List<ImageDigestRef> claimed = RegistryGcRequests.claims(body);
    ClaimsAnswer answer =
        db.transaction(
            c -> {
              RegistryGcRuns.OpenRun run = runs.lockOpen(c, runId).orElseThrow(() -> ended(runId));
              CollectedImages.lockForClaims(c);
              Inventory now = Inventory.of(inventory.read(c), run.keepLast());
              List<ClaimedImage> granted = new ArrayList<>();
              List<RefusedImage> refused = new ArrayList<>();
              for (ImageDigestRef image : claimed) {
                ClaimedImage claim = new ClaimedImage(image.repository(), image.digest());
                Optional<String> refusal = now.refusal(claim);
                if (refusal.isPresent()) {
                  refused.add(new RefusedImage(image.repository(), image.digest(), refusal.get()));
                } else {
                  CollectedImages.record(c, runId, image);
                  granted.add(claim);
                }
              }
              return new ClaimsAnswer(granted, refused);
            });
    LOG.infof("registry GC run %s: %d claims granted, %d refused", runId, answer.granted().size(), answer.refused().size());
    return answer;
  }

  /** Moves the run into its sweep phase, from when no push starts until the run ends. */
  public SweepAnswer sweep(String rawRunId) {
    UUID runId = RegistryGcRequests.runId(rawRunId);
    SweepDecision decision = db.transaction(c -> RegistryGcGate.enterSweep(c, runId));
    return switch (decision) {
      case SweepDecision.Entered entered -> {
        LOG.infof("registry GC run %s sweeps blobs; pushes wait until it ends (at the latest %s)", runId, entered.expiresAt());
        yield new SweepAnswer(SWEEP_PHASE, entered.expiresAt());
      }
      case SweepDecision.BuildsInFlight busy ->
          throw new ApiProblem(
              ProblemCode.BUILDS_IN_FLIGHT,
              busy.pushes() + (busy.pushes() == 1 ? " push is" : " pushes are") + " in flight; registry GC run "
                  + runId + " stays in its claim phase");
      case SweepDecision.RunEnded none -> throw ended(runId);
    };
  }

  /** Ends the run; ending one that ended or expired already is not an error. */
  public void end(String rawRunId) {
    UUID runId = RegistryGcRequests.runId(rawRunId);
    if (!db.transaction(c -> runs.end(c, runId))) {
      throw new ApiProblem(ProblemCode.REGISTRY_GC_RUN_ENDED, "There is no registry GC run " + runId);
    }
    LOG.infof("registry GC run %s ended", runId);
  }

  private static ApiProblem ended(UUID runId) {
    return new ApiProblem(
        ProblemCode.REGISTRY_GC_RUN_ENDED, "Registry GC run " + runId + " ended, expired or does not exist");
  }
}
