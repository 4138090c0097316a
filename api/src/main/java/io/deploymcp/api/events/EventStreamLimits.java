package io.deploymcp.api.events;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the open event streams of this API process, in all ({@code DP_EVENTS_MAX_STREAMS}, 503
 * {@code EVENT_STREAMS_OVERLOADED}) and per tenant ({@code DP_EVENTS_MAX_STREAMS_PER_TENANT},
 * 429 {@code TOO_MANY_EVENT_STREAMS}), both with Retry-After, checked before a stream opens.
 * Each stream holds one small buffer and a connection, so the bound is what the process can
 * hold. The number open is the gauge {@code dp_event_streams_active}.
 */
// @Startup: its gauges are on /q/metrics from the first scrape, not from the first request that uses it.
@Startup
@Singleton
public class EventStreamLimits {
  static final long RETRY_AFTER_SECONDS = 5;

  private final int max;
  private final int maxPerTenant;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<UUID, AtomicInteger> perTenant = new ConcurrentHashMap<>();

  public EventStreamLimits(ApiConfig config, MeterRegistry metrics) {
    this.max = config.events().maxStreams();
    this.maxPerTenant = config.events().maxStreamsPerTenant();
    Gauge.builder("dp_event_streams_active", open, AtomicInteger::get)
        .description("Open SSE streams of /v1/deployments/{id}/events in this API process")
        .register(metrics);
  }

  /** One open stream; {@link #close} it exactly when the stream ends (repeats are ignored). */
  public final class Permit implements AutoCloseable {
    private final UUID tenantId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Permit(UUID tenantId) {
      this.tenantId = tenantId;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        open.decrementAndGet();
        perTenant.computeIfPresent(tenantId, (id, n) -> n.decrementAndGet() == 0 ? null : n);
      }
    }
  }

  public Permit acquire(UUID tenantId) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      throw refused(ProblemCode.EVENT_STREAMS_OVERLOADED,
          "This API process has " + max + " event streams open already");
    }
    boolean[] admitted = {false};
    perTenant.compute(tenantId, (id, n) -> {
      AtomicInteger count = n == null ? new AtomicInteger() : n;
      if (count.get() < maxPerTenant) {
        count.incrementAndGet();
        admitted[0] = true;
      }
      return count.get() == 0 ? null : count;
    });
    if (!admitted[0]) {
      open.decrementAndGet();
      throw refused(ProblemCode.TOO_MANY_EVENT_STREAMS,
          "Your tenant has " + maxPerTenant + " event streams open on this API process already");
    }
    return new Permit(tenantId);
  }

  public int open() {
    return open.get();
  }

  private static ApiProblem refused(ProblemCode code, String detail) {
    return new ApiProblem(code, detail, code.defaultHint(), List.of(),
        Map.of("Retry-After", Long.toString(RETRY_AFTER_SECONDS)));
  }
}
