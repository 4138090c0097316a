package io.deploymcp.temporal;

import io.grpc.Metadata;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.ServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/**
 * Applies {@link TemporalSettings} to the SDK's service-stub options: the one code path the
 * API (plain builder) and the worker (the Spring Boot starter's customizer) share.
 */
public final class TemporalStubsOptions {
  /** Temporal Cloud routes API-key calls by this header (its regional endpoints need it). */
  static final Metadata.Key<String> NAMESPACE_HEADER =
      Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER);

  private TemporalStubsOptions() {}

  /** Target, TLS, server name and API key; leaves timeouts and metrics to the caller. */
  public static WorkflowServiceStubsOptions.Builder apply(
      TemporalSettings settings, WorkflowServiceStubsOptions.Builder builder) {
    builder.setTarget(settings.address());
    credentials(settings, builder);
    return builder;
  }

  /**
   * Operator stubs (search attributes) over the workflow stubs' channel. The raw channel does
   * not carry the workflow stubs' API-key interceptor, so the key is added here again.
   */
  public static OperatorServiceStubs operatorStubs(WorkflowServiceStubs stubs, TemporalSettings settings) {
    OperatorServiceStubsOptions.Builder builder =
        OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel());
    settings.apiKey().ifPresent(key -> apiKey(settings, key, builder));
    return OperatorServiceStubs.newServiceStubs(builder.validateAndBuildWithDefaults());
  }

  private static void credentials(TemporalSettings settings, ServiceStubsOptions.Builder<?> builder) {
    settings.tls().ifPresent(tls -> builder.setSslContext(tls.sslContext()).setEnableHttps(true));
    settings.serverName().ifPresent(name -> builder.setChannelInitializer(channel -> channel.overrideAuthority(name)));
    settings.apiKey().ifPresent(key -> apiKey(settings, key, builder));
  }

  private static void apiKey(TemporalSettings settings, ApiKey key, ServiceStubsOptions.Builder<?> builder) {
    // The SDK sends it as "authorization: Bearer <key>" on every call.
    builder.addApiKey(key::value);
    builder.addGrpcMetadataProvider(
        () -> {
          Metadata metadata = new Metadata();
          metadata.put(NAMESPACE_HEADER, settings.namespace());
          return metadata;
        });
  }
}
