package io.deploymcp.worker.startup;

import io.deploymcp.worker.cluster.KubernetesAccess;
import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.workflows.DeploySearchAttributes;
import io.deploymcp.workflows.SearchAttributeRegistrar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Runs once the context is up and before the Temporal workers start polling (they start on
 * ApplicationReadyEvent): registers the search attributes the deploy workflow sets, then says
 * what is configured and what is missing. Problems are warnings in plain words, never a
 * stack trace: the worker still runs the activities that do not need the missing piece.
 */
@Component
public class StartupReport implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

  private final WorkflowServiceStubs stubs;
  private final PlatformSettings settings;
  private final KubernetesAccess kubernetes;
  private final SecretKeyHolder secretKey;
  private final String target;
  private final String namespace;
  private final String taskQueue;

  public StartupReport(
      WorkflowServiceStubs stubs,
      PlatformSettings settings,
      KubernetesAccess kubernetes,
      SecretKeyHolder secretKey,
      @Value("${spring.temporal.connection.target}") String target,
      @Value("${spring.temporal.namespace}") String namespace,
      @Value("${spring.temporal.workers[0].task-queue}") String taskQueue) {
    this.stubs = stubs;
    this.settings = settings;
    this.kubernetes = kubernetes;
    this.secretKey = secretKey;
    this.target = target;
    this.namespace = namespace;
    this.taskQueue = taskQueue;
  }

  @Override
  public void run(ApplicationArguments args) {
    log.info("Temporal: {} (namespace {}, task queue {})", target, namespace, taskQueue);
    registerSearchAttributes();
    for (String line : ConfigurationSummary.lines(settings, kubernetes, secretKey.problem())) {
      log.info(line);
    }
  }

  private void registerSearchAttributes() {
    try {
      var added = SearchAttributeRegistrar.register(stubs, namespace);
      if (!added.isEmpty()) {
        log.info("Temporal: registered search attributes {}", added.keySet());
      }
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      String names =
          DeploySearchAttributes.ALL.stream().map(k -> k.getName()).toList().toString();
      if (code == Status.Code.PERMISSION_DENIED) {
        log.warn(
            "Temporal: not allowed to register search attributes {} on namespace {} — an"
                + " operator must add them (type Keyword), or deploys fail when they set DpPhase",
            names,
            namespace);
      } else {
        log.warn(
            "Temporal: could not register search attributes {} ({}) — is {} reachable? The"
                + " worker keeps polling and deploys fail while they are missing",
            names,
            code,
            target);
      }
    }
  }
}
