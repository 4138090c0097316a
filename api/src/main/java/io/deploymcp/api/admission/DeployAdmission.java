package io.deploymcp.api.admission;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Admission control for the writes that start a deployment (create, deploy, publish, rollback,
 * webhook push), whichever door they come through: REST, MCP and webhooks all reach
 * {@code ServiceOperations.create} or {@code DeploymentOperations}, which take a {@link Permit}
 * before they write anything.
 *
 * <p>Two bounds, each answered at once with 503 and Retry-After rather than by waiting: the
 * writes in flight in this API process ({@code DP_ADMISSION_WRITES_IN_FLIGHT}), so a burst of
 * writes cannot take every pooled connection and request thread the reads need; and the
 * deployments not yet terminal, in all and per tenant ({@code DP_ADMISSION_ACTIVE_DEPLOYMENTS},
 * {@code …_PER_TENANT}), because a backlog the worker cannot finish keeps the worker, Temporal and
 * the database busy long after the writes stop (docs/benchmarks.md §(m)). A tenant's backlog
 * bound keeps one busy agent from filling the installation's.
 *
 * <p>The backlog is read from the database at most once per {@code DP_ADMISSION_BACKLOG_TTL} (one
 * indexed statement, by one thread while the others use the previous figure) plus what this
 * process admitted since. Both bounds are soft: writes admitted at the same moment may pass one
 * bound together by at most the writes in flight, and other API replicas' admissions show up at
 * the next read. A refused write changes nothing: no row, no workflow, no audit entry, no stored
 * idempotent response.
 */
// @Startup: its gauges are on /q/metrics from the first scrape, not from the first request that uses it.
@Startup
@Singleton
public class DeployAdmission {
  /** A full in-flight bound clears within a request's time. */
  static final long BUSY_RETRY_AFTER_SECONDS = 1;
  /** A backlog drains at the builds' pace: seconds, not milliseconds. */
  static final long BACKLOG_RETRY_AFTER_SECONDS = 5;

  private final Semaphore inFlight;
  private final int maxInFlight;
  private final int maxActive;
  private final int maxActivePerTenant;
  private final long ttlNanos;
  private final BacklogSource source;
  private final LongSupplier nanoTime;
  private final MeterRegistry metrics;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile Snapshot snapshot;

  @Inject
  public DeployAdmission(ApiConfig config, BacklogQuery source, MeterRegistry metrics) {
    this(config.admission(), source, System::nanoTime, metrics);
  }

  DeployAdmission(ApiConfig.Admission bounds, BacklogSource source, LongSupplier nanoTime, MeterRegistry metrics) {
    this.maxInFlight = bounds.writesInFlight();
    this.inFlight = new Semaphore(maxInFlight);
    this.maxActive = bounds.activeDeployments();
    this.maxActivePerTenant = bounds.activeDeploymentsPerTenant();
    this.ttlNanos = bounds.backlogTtl().toNanos();
    this.source = source;
    this.nanoTime = nanoTime;
    this.metrics = metrics;
    metrics.gauge("dp.admission.writes.in_flight", inFlight, s -> maxInFlight - s.availablePermits());
    // The backlog gauges read the admission's own snapshot (refreshed at most once per TTL, by
    // whichever comes first, a write or a scrape): a scrape adds no query of its own.
    Gauge.builder("dp.deployments.active", this, a -> a.backlogFigure(Backlog::total))
        .description("Deployments not yet terminal (queued, cloning, building, deploying), all tenants")
        .register(metrics);
    Gauge.builder("dp.deployments.queued", this, a -> a.backlogFigure(Backlog::queued))
        .description("Deployments still queued (no worker has started them), all tenants")
        .register(metrics);
  }

  /** Held while a write runs; closing it frees its in-flight place (once, however often closed). */
  public final class Permit implements AutoCloseable {
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Permit() {}

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        inFlight.release();
      }
    }
  }

  /**
   * Admits one write that will add one deployment for {@code tenantId}, or throws 503
   * WRITES_OVERLOADED / DEPLOY_BACKLOG_FULL with Retry-After. Call it before the write touches
   * anything, and close the permit when the write has answered.
   */
  public Permit admit(UUID tenantId) {
    if (!inFlight.tryAcquire()) {
      refused("in_flight");
      throw problem(
          ProblemCode.WRITES_OVERLOADED,
          "The platform is handling " + maxInFlight + " deploying writes at once already; this one was not started",
          BUSY_RETRY_AFTER_SECONDS);
    }
    Permit permit = new Permit();
    try {
      reserve(tenantId);
      return permit;
    } catch (RuntimeException e) {
      permit.close();
      throw e;
    }
  }

  private void reserve(UUID tenantId) {
    Snapshot current = current();
    int total = current.backlog.total() + current.admittedTotal.get();
    if (total >= maxActive) {
      refused("backlog");
      throw problem(
          ProblemCode.DEPLOY_BACKLOG_FULL,
          "The platform has " + total + " deployments not finished yet (at most " + maxActive + "); this one was not started",
          BACKLOG_RETRY_AFTER_SECONDS);
    }
    AtomicInteger mine = current.admitted.computeIfAbsent(tenantId, t -> new AtomicInteger());
    int tenant = current.backlog.of(tenantId) + mine.get();
    if (tenant >= maxActivePerTenant) {
      refused("tenant_backlog");
      throw new ApiProblem(
          ProblemCode.DEPLOY_BACKLOG_FULL,
          "Your tenant has " + tenant + " deployments not finished yet (at most " + maxActivePerTenant
              + "); this one was not started",
          "Nothing was changed. Wait for them to finish (GET /v1/services/{name}/deployments), or cancel ones you no"
              + " longer need (POST /v1/deployments/{id}/cancel); retry after " + BACKLOG_RETRY_AFTER_SECONDS + " s.",
          List.of(),
          retryAfter(BACKLOG_RETRY_AFTER_SECONDS));
    }
    mine.incrementAndGet();
    current.admittedTotal.incrementAndGet();
  }

  /** The backlog as last read, read again when older than the TTL (by one thread; the others go on with the old one). */
  private Snapshot current() {
    Snapshot seen = snapshot;
    if (seen != null && nanoTime.getAsLong() - seen.readAt < ttlNanos) {
      return seen;
    }
    if (seen != null && !refreshing.tryLock()) {
      return seen;
    }
    if (seen == null) {
      refreshing.lock(); // the first write waits for the first figure
    }
    try {
      Snapshot now = snapshot;
      if (now != null && now != seen && nanoTime.getAsLong() - now.readAt < ttlNanos) {
        return now;
      }
      Snapshot next = new Snapshot(source.read(), nanoTime.getAsLong(), new ConcurrentHashMap<>(), new AtomicInteger());
      snapshot = next;
      return next;
    } finally {
      refreshing.unlock();
    }
  }

  /** A figure of the current backlog; NaN (no sample) when the database does not answer. */
  private double backlogFigure(java.util.function.ToIntFunction<Backlog> figure) {
    try {
      return figure.applyAsInt(current().backlog);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private void refused(String bound) {
    metrics.counter("dp.admission.refused", "bound", bound).increment();
  }

  private static ApiProblem problem(ProblemCode code, String detail, long retryAfterSeconds) {
    return new ApiProblem(
        code, detail, "Nothing was changed. Retry after " + retryAfterSeconds + " s (Retry-After).", List.of(),
        retryAfter(retryAfterSeconds));
  }

  private static Map<String, String> retryAfter(long seconds) {
    return Map.of("Retry-After", Long.toString(seconds));
  }

  /** One reading of the backlog and what this process admitted since it was taken. */
  private record Snapshot(
      Backlog backlog, long readAt, ConcurrentHashMap<UUID, AtomicInteger> admitted, AtomicInteger admittedTotal) {}
}
