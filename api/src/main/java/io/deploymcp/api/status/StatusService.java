package io.deploymcp.api.status;

import io.deploymcp.api.logs.LogBackends;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs every probe at once, so /v1/status takes about one probe timeout at worst. */
@Singleton
public class StatusService {
  private final ComponentProbes probes;
  private final LogBackends logs;

  public StatusService(ComponentProbes probes, LogBackends logs) {
    this.probes = probes;
    this.logs = logs;
  }

  public StatusReport report() {
    // Not try-with-resources: close() would wait for a probe stuck past its deadline.
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      var database = run(executor, probes::database);
      var temporal = run(executor, probes::temporal);
      var buildkit = run(executor, probes::buildkit);
      var registry = run(executor, probes::registry);
      var kubernetes = run(executor, probes::kubernetes);
      var loki = run(executor, probes::loki);
      ComponentStatus db = await(database, "database");
      ComponentStatus tp = await(temporal, "Temporal");
      return new StatusReport(
          db.state() == ComponentState.OK && tp.state() == ComponentState.OK,
          db, tp, await(buildkit, "BuildKit"), await(registry, "registry"), await(kubernetes, "Kubernetes"),
          await(loki, "Loki"), new StatusReport.Logs(logs.buildBackend(), logs.runtimeBackend()));
    } finally {
      executor.shutdown();
    }
  }

  private static CompletableFuture<ComponentStatus> run(ExecutorService executor, Supplier<ComponentStatus> probe) {
    return CompletableFuture.supplyAsync(probe, executor);
  }

  private ComponentStatus await(CompletableFuture<ComponentStatus> probe, String what) {
    try {
      // Probes carry their own timeouts; this bound only guards a probe that ignores its own.
      return probe.get(probes.timeout().toMillis() * 2 + 500, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      probe.cancel(true);
      return ComponentStatus.unreachable(what + " did not answer in time");
    }
  }
}
