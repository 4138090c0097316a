package io.deploymcp.temporal.testing;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TLS-terminating gRPC endpoint in front of a plaintext Temporal server (the test server):
 * what a TLS-only Temporal frontend or Temporal Cloud looks like to a client. It forwards every
 * call byte for byte, requires a client certificate signed by its CA (mTLS) unless told
 * otherwise, optionally checks {@code authorization: Bearer <key>} as Temporal Cloud does with
 * API keys, and records which API keys it saw.
 *
 * <p>With {@link Builder#cloudSearchAttributes} it is also a stand-in for Temporal Cloud's
 * operator service: AddSearchAttributes answers PERMISSION_DENIED and ListSearchAttributes
 * lists the given names (the test server implements neither faithfully).
 */
public final class TlsTemporalProxy implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;
  private final ManagedChannel upstream;
  private final List<String> authorizations;

  private TlsTemporalProxy(Server server, ManagedChannel upstream, List<String> authorizations) {
    this.server = server;
    this.upstream = upstream;
    this.authorizations = authorizations;
  }

  public static Builder builder(String upstreamTarget, TestCertificates.Issued serverCertificate) {
    return new Builder(upstreamTarget, serverCertificate);
  }

  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Every {@code authorization} header value received, in order. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  @Override
  public void close() {
    server.shutdownNow();
    upstream.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      upstream.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static final class Builder {
    private final String upstreamTarget;
    private final TestCertificates.Issued serverCertificate;
    private X509Certificate clientCa;
    private String apiKey;
    private Set<String> cloudSearchAttributes;

    private Builder(String upstreamTarget, TestCertificates.Issued serverCertificate) {
      this.upstreamTarget = upstreamTarget;
      this.serverCertificate = serverCertificate;
    }

    /** Require client certificates signed by this CA (mTLS); without it, any client may connect. */
    public Builder requireClientCertificate(X509Certificate ca) {
      this.clientCa = ca;
      return this;
    }

    /** Refuse calls without {@code authorization: Bearer <key>} with UNAUTHENTICATED. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** Answer the operator service as Temporal Cloud does, with these attributes present. */
    public Builder cloudSearchAttributes(Set<String> present) {
      this.cloudSearchAttributes = Set.copyOf(present);
      return this;
    }

    public TlsTemporalProxy start() {
      ManagedChannel upstream = ManagedChannelBuilder.forTarget(upstreamTarget).usePlaintext().build();
      List<String> authorizations = new CopyOnWriteArrayList<>();
      try {
        var ssl =
            GrpcSslContexts.configure(
                SslContextBuilder.forServer(serverCertificate.privateKey(), serverCertificate.certificate()));
        if (clientCa != null) {
          ssl.trustManager(clientCa).clientAuth(ClientAuth.REQUIRE);
        }
        SslContext context = ssl.build();
        NettyServerBuilder builder =
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(context)
                .fallbackHandlerRegistry(new Forwarding(upstream))
                .intercept(new ApiKeyCheck(apiKey, authorizations));
        if (cloudSearchAttributes != null) {
          builder.addService(ServerInterceptors.intercept(new CloudOperatorStandIn(cloudSearchAttributes), new ApiKeyCheck(apiKey, authorizations)));
        }
        return new TlsTemporalProxy(builder.build().start(), upstream, authorizations);
      } catch (IOException e) {
        upstream.shutdownNow();
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Records the authorization header and, when a key is expected, refuses any other. */
  private record ApiKeyCheck(String apiKey, List<String> seen) implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String authorization = headers.get(AUTHORIZATION);
      if (authorization != null) {
        seen.add(authorization);
      }
      if (apiKey != null && !("Bearer " + apiKey).equals(authorization)) {
        call.close(Status.UNAUTHENTICATED.withDescription("invalid or missing API key"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      return next.startCall(call, headers);
    }
  }

  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Every method the proxy has no service for goes upstream unchanged. */
  private static final class Forwarding extends HandlerRegistry {
    private final ManagedChannel upstream;
    private final Bytes bytes = new Bytes();

    Forwarding(ManagedChannel upstream) {
      this.upstream = upstream;
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      MethodDescriptor<byte[], byte[]> method =
          MethodDescriptor.<byte[], byte[]>newBuilder()
              .setFullMethodName(methodName)
              .setType(MethodDescriptor.MethodType.UNKNOWN)
              .setRequestMarshaller(bytes)
              .setResponseMarshaller(bytes)
              .build();
      return ServerMethodDefinition.create(method, this::forward);
    }

    private ServerCall.Listener<byte[]> forward(ServerCall<byte[], byte[]> serverCall, Metadata headers) {
      Deadline deadline = Context.current().getDeadline();
      CallOptions options = deadline == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withDeadline(deadline);
      ClientCall<byte[], byte[]> clientCall = upstream.newCall(serverCall.getMethodDescriptor(), options);
      clientCall.start(
          new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata responseHeaders) {
              serverCall.sendHeaders(responseHeaders);
            }

            @Override
            public void onMessage(byte[] message) {
              serverCall.sendMessage(message);
              clientCall.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              serverCall.close(status, trailers);
            }
          },
          headers);
      clientCall.request(1);
      serverCall.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          clientCall.sendMessage(message);
          serverCall.request(1);
        }

        @Override
        public void onHalfClose() {
          clientCall.halfClose();
        }

        @Override
        public void onCancel() {
          clientCall.cancel("the client cancelled", null);
        }
      };
    }
  }

  /** Temporal Cloud's answers: no registering through the operator API, listing allowed. */
  private static final class CloudOperatorStandIn extends OperatorServiceGrpc.OperatorServiceImplBase {
    private final Set<String> present;

    CloudOperatorStandIn(Set<String> present) {
      this.present = present;
    }

    @Override
    public void addSearchAttributes(AddSearchAttributesRequest request, StreamObserver<AddSearchAttributesResponse> response) {
      response.onError(Status.PERMISSION_DENIED.withDescription("Request unauthorized.").asRuntimeException());
    }

    @Override
    public void listSearchAttributes(ListSearchAttributesRequest request, StreamObserver<ListSearchAttributesResponse> response) {
      ListSearchAttributesResponse.Builder list = ListSearchAttributesResponse.newBuilder();
      present.forEach(name -> list.putCustomAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
      list.putSystemAttributes("WorkflowId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      response.onNext(list.build());
      response.onCompleted();
    }
  }
}
