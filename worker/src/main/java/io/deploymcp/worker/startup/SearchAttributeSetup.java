package io.deploymcp.worker.startup;

import io.deploymcp.temporal.ConnectionProblem;
import io.deploymcp.temporal.SearchAttributeCheck;
import io.deploymcp.temporal.SearchAttributeReport;
import io.deploymcp.temporal.TemporalSettings;
import io.deploymcp.worker.temporal.TemporalStartException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until Temporal answers, then makes sure the search attributes the deploy workflow sets
 * exist (registering them where the server allows it, checking them on Temporal Cloud).
 * Waiting here, with a plain warning, keeps the worker from dying with a gRPC stack trace when
 * it starts before Temporal (the workers only start polling after this returns). What waiting
 * cannot fix (a refused certificate or API key, missing attributes on Cloud) stops the start
 * with a {@link TemporalStartException} instead.
 */
public final class SearchAttributeSetup {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeSetup.class);
  private static final Set<Status.Code> NOT_YET =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(2);
  private static final Duration REMIND_EVERY = Duration.ofSeconds(30);

  private final WorkflowServiceStubs stubs;
  private final TemporalSettings settings;

  public SearchAttributeSetup(WorkflowServiceStubs stubs, TemporalSettings settings) {
    this.stubs = stubs;
    this.settings = settings;
  }

  /** Returns once the attributes are there, or after warning that they could not be checked. */
  public void run() throws InterruptedException {
    String target = settings.address();
    long waitingSince = 0;
    long lastReminder = 0;
    while (true) {
      try {
        SearchAttributeReport report = SearchAttributeCheck.run(stubs, settings);
        if (waitingSince != 0) {
          log.info("Temporal: {} answers now", target);
        }
        if (report.checked() && !report.missing().isEmpty()) {
          throw new TemporalStartException(report.summary().replaceFirst("^Temporal: ", ""));
        }
        if (!report.checked()) {
          log.warn(report.summary());
        } else if (!report.added().isEmpty()) {
          log.info("Temporal: registered search attributes {}", report.added());
        }
        return;
      } catch (StatusRuntimeException e) {
        ConnectionProblem problem = ConnectionProblem.of(settings, e);
        if (problem.lasting()) {
          throw new TemporalStartException(problem.reason());
        }
        Status.Code code = e.getStatus().getCode();
        if (!NOT_YET.contains(code)) {
          log.warn("Temporal: could not check the search attributes on namespace {} ({}) — deploys fail while"
              + " they are missing", settings.namespace(), code);
          return;
        }
        long now = System.nanoTime();
        if (waitingSince == 0 || now - lastReminder >= REMIND_EVERY.toNanos()) {
          log.warn(
              "Temporal: {} is not reachable ({}) — waiting for it; set TEMPORAL_ADDRESS if it"
                  + " runs elsewhere{}",
              target,
              code,
              // A plaintext worker against a TLS-only port: say so, it waits forever otherwise.
              problem.reason().contains("TLS-only") ? ". " + problem.reason() : "");
          lastReminder = now;
          waitingSince = waitingSince == 0 ? now : waitingSince;
        }
        Thread.sleep(RETRY_EVERY.toMillis());
      }
    }
  }
}
