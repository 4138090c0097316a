package io.deploymcp.worker.startup;

import io.deploymcp.workflows.DeploySearchAttributes;
import io.deploymcp.workflows.SearchAttributeRegistrar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until Temporal answers, then registers the search attributes the deploy workflow
 * sets. Waiting here, with a plain warning, keeps the worker from dying with a gRPC stack
 * trace when it starts before Temporal (the workers only start polling after this returns).
 */
public final class SearchAttributeSetup {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeSetup.class);
  private static final Set<Status.Code> NOT_YET =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(2);
  private static final Duration REMIND_EVERY = Duration.ofSeconds(30);

  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final String target;

  public SearchAttributeSetup(WorkflowServiceStubs stubs, String namespace, String target) {
    this.stubs = stubs;
    this.namespace = namespace;
    this.target = target;
  }

  /** Returns once the attributes are registered, or after warning that they could not be. */
  public void run() throws InterruptedException {
    long waitingSince = 0;
    long lastReminder = 0;
    while (true) {
      try {
        Map<String, ?> added = SearchAttributeRegistrar.register(stubs, namespace);
        if (waitingSince != 0) {
          log.info("Temporal: {} answers now", target);
        }
        if (!added.isEmpty()) {
          log.info("Temporal: registered search attributes {}", added.keySet());
        }
        return;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (!NOT_YET.contains(code)) {
          warnNotRegistered(code);
          return;
        }
        long now = System.nanoTime();
        if (waitingSince == 0 || now - lastReminder >= REMIND_EVERY.toNanos()) {
          log.warn(
              "Temporal: {} is not reachable ({}) — waiting for it; set TEMPORAL_ADDRESS if it"
                  + " runs elsewhere",
              target,
              code);
          lastReminder = now;
          waitingSince = waitingSince == 0 ? now : waitingSince;
        }
        Thread.sleep(RETRY_EVERY.toMillis());
      }
    }
  }

  private void warnNotRegistered(Status.Code code) {
    String names = DeploySearchAttributes.ALL.stream().map(k -> k.getName()).toList().toString();
    if (code == Status.Code.PERMISSION_DENIED) {
      log.warn(
          "Temporal: not allowed to register search attributes {} on namespace {} — an operator"
              + " must add them (type Keyword), or deploys fail when they set DpPhase",
          names,
          namespace);
    } else {
      log.warn(
          "Temporal: could not register search attributes {} on namespace {} ({}) — deploys"
              + " fail while they are missing",
          names,
          namespace,
          code);
    }
  }
}
