package io.deploymcp.api.temporal;

import io.deploymcp.api.config.TemporalConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The Temporal connection. The gRPC channel connects lazily, so the API starts (and answers
 * reads) while Temporal is down; calls then fail within {@link TemporalConfig#callTimeout()}
 * and callers get 503 TEMPORAL_UNAVAILABLE, and /v1/status and readiness report it.
 */
@Singleton
public class TemporalClients {
  private final TemporalConfig config;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  public TemporalClients(TemporalConfig config) {
    this.config = config;
    Duration timeout = config.callTimeout();
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(config.address())
                .setRpcTimeout(timeout)
                // The first call asks the server for its capabilities: bound it the same way.
                .setSystemInfoTimeout(timeout)
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setExpiration(timeout)
                        .setInitialInterval(Duration.ofMillis(100))
                        .setMaximumInterval(Duration.ofMillis(500))
                        .validateBuildWithDefaults())
                .build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
  }

  @Produces
  @Singleton
  WorkflowClient workflowClient() {
    return client;
  }

  @Produces
  @Singleton
  WorkflowServiceStubs workflowServiceStubs() {
    return stubs;
  }

  public TemporalConfig config() {
    return config;
  }

  @PreDestroy
  void close() {
    stubs.shutdown();
  }
}
