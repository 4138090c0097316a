package io.deploymcp.worker.startup;

import io.deploymcp.worker.cluster.KubernetesAccess;
import io.deploymcp.worker.config.ClusterConfiguration;
import io.deploymcp.worker.config.LokiSettings;
import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.checkout.SecretRedactor;
import io.deploymcp.temporal.TemporalSettings;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Runs once the context is up and before the Temporal workers start polling (they start on
 * ApplicationReadyEvent): says what is configured and what is missing, then waits for
 * Temporal and registers the search attributes the deploy workflow sets. Problems are
 * warnings in plain words, never a stack trace: the worker still runs the activities that do
 * not need the missing piece.
 */
@Component
public class StartupReport implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

  private final WorkflowServiceStubs stubs;
  private final PlatformSettings settings;
  private final KubernetesAccess kubernetes;
  private final SecretKeyHolder secretKey;
  private final ClusterConfiguration cluster;
  private final TemporalSettings temporal;
  private final String taskQueue;
  private final String databaseUrl;
  private final LokiSettings loki;

  public StartupReport(
      WorkflowServiceStubs stubs,
      PlatformSettings settings,
      KubernetesAccess kubernetes,
      SecretKeyHolder secretKey,
      ClusterConfiguration cluster,
      TemporalSettings temporal,
      @Value("${spring.temporal.workers[0].task-queue}") String taskQueue,
      @Value("${spring.datasource.url}") String databaseUrl,
      LokiSettings loki) {
    this.stubs = stubs;
    this.settings = settings;
    this.kubernetes = kubernetes;
    this.secretKey = secretKey;
    this.cluster = cluster;
    this.temporal = temporal;
    this.taskQueue = taskQueue;
    this.databaseUrl = databaseUrl;
    this.loki = loki;
  }

  @Override
  public void run(ApplicationArguments args) throws InterruptedException {
    // describe() names the certificate's subject and whether an API key is set, never either.
    log.info("Temporal: {}, task queue {}", temporal.describe(), taskQueue);
    log.info("Database: {}", SecretRedactor.redact(databaseUrl, List.of()));
    for (String line : ConfigurationSummary.lines(
        settings, kubernetes, secretKey.problem(), loki.pushUrl(settings.lokiPushUrl()))) {
      log.info(line);
    }
    cluster.summary().forEach(log::info);
    for (String warning : cluster.warnings()) {
      log.warn("Cluster: {}", warning);
    }
    new SearchAttributeSetup(stubs, temporal).run();
  }
}
