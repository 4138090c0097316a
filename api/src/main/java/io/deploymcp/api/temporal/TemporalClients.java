package io.deploymcp.api.temporal;

import io.deploymcp.api.config.TemporalConfig;
import io.deploymcp.temporal.InvalidTemporalSettingsException;
import io.deploymcp.temporal.TemporalSettings;
import io.deploymcp.temporal.TemporalStubsOptions;
import io.deploymcp.temporal.TemporalVariable;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Temporal connection. The gRPC channel connects lazily, so the API starts (and answers
 * reads) while Temporal is down; calls then fail within {@link TemporalConfig#callTimeout()}
 * and callers get 503 TEMPORAL_UNAVAILABLE, and /v1/status and readiness report it.
 *
 * <p>Bad TEMPORAL_* variables do not stop the API either (docs/temporal.md): each is logged as
 * an error at start, /v1/status and readiness say {@code misconfigured} with the same lines,
 * and every Temporal call is refused inside the process, so nothing is sent with half of the
 * credentials. Reads keep working, as they do while Temporal is down.
 */
@Singleton
public class TemporalClients {
  private static final Logger LOG = Logger.getLogger(TemporalClients.class);

  private final TemporalConfig config;
  private final Optional<TemporalSettings> settings;
  private final List<String> problems;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  public TemporalClients(TemporalConfig config) {
    this.config = config;
    TemporalSettings parsed = null;
    List<String> found = List.of();
    try {
      parsed = TemporalSettings.fromVariables(variables(config)::get);
      LOG.infof("Temporal: %s", parsed.describe());
    } catch (InvalidTemporalSettingsException e) {
      found = e.problems();
      found.forEach(problem -> LOG.errorf("Temporal settings: %s", problem));
      LOG.error("Temporal settings: the API runs without Temporal (deploys answer 503) until they are fixed; see docs/temporal.md");
    }
    this.settings = Optional.ofNullable(parsed);
    this.problems = found;
    Duration timeout = config.callTimeout();
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder()
            .setRpcTimeout(timeout)
            // The first call asks the server for its capabilities: bound it the same way.
            .setSystemInfoTimeout(timeout)
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder()
                    .setExpiration(timeout)
                    .setInitialInterval(Duration.ofMillis(100))
                    .setMaximumInterval(Duration.ofMillis(500))
                    .validateBuildWithDefaults());
    if (parsed != null) {
      TemporalStubsOptions.apply(parsed, options);
    } else {
      // The channel stays idle: the interceptor answers every call before it would connect.
      options.setTarget(TemporalSettings.local().address()).setGrpcClientInterceptors(List.of(new Refusing(found)));
    }
    this.stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
  }

  private static Map<String, String> variables(TemporalConfig config) {
    Map<TemporalVariable, Optional<String>> values = new EnumMap<>(TemporalVariable.class);
    values.put(TemporalVariable.ADDRESS, Optional.of(config.address()));
    values.put(TemporalVariable.NAMESPACE, Optional.of(config.namespace()));
    values.put(TemporalVariable.TLS_CERT, config.tlsCert());
    values.put(TemporalVariable.TLS_KEY, config.tlsKey());
    values.put(TemporalVariable.TLS_CA, config.tlsCa());
    values.put(TemporalVariable.TLS_SERVER_NAME, config.tlsServerName());
    values.put(TemporalVariable.API_KEY, config.apiKey());
    Map<String, String> byName = new java.util.HashMap<>();
    values.forEach((variable, value) -> value.ifPresent(v -> byName.put(variable.envName(), v)));
    return byName;
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

  /** The checked settings; empty when a TEMPORAL_* variable is bad. */
  public Optional<TemporalSettings> settings() {
    return settings;
  }

  /** One line per bad TEMPORAL_* variable; empty when all are good. */
  public List<String> problems() {
    return problems;
  }

  @PreDestroy
  void close() {
    stubs.shutdown();
  }

  /** Fails every call at once with the settings' problems (FAILED_PRECONDITION). */
  private record Refusing(List<String> problems) implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ClientCall<>() {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          listener.onClose(
              Status.FAILED_PRECONDITION.withDescription("Temporal settings are invalid: " + String.join("; ", problems)),
              new Metadata());
        }

        @Override
        public void request(int numMessages) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(Q message) {}
      };
    }
  }
}
