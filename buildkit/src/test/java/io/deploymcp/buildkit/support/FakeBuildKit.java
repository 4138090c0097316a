package io.deploymcp.buildkit.support;

import io.deploymcp.buildkit.proto.control.ControlGrpc;
import io.deploymcp.buildkit.proto.control.ListWorkersRequest;
import io.deploymcp.buildkit.proto.control.ListWorkersResponse;
import io.deploymcp.buildkit.proto.llb.Platform;
import io.deploymcp.buildkit.proto.types.BuildkitVersion;
import io.deploymcp.buildkit.proto.types.WorkerRecord;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real grpc-java server with a Control service that answers ListWorkers like a one-worker buildkitd. */
public final class FakeBuildKit implements AutoCloseable {
  public static final WorkerRecord WORKER =
      WorkerRecord.newBuilder()
          .setID("fake-worker")
          .putLabels("org.mobyproject.buildkit.worker.executor", "oci")
          .addPlatforms(Platform.newBuilder().setOS("linux").setArchitecture("amd64"))
          .addPlatforms(Platform.newBuilder().setOS("linux").setArchitecture("arm").setVariant("v7"))
          .setBuildkitVersion(BuildkitVersion.newBuilder().setVersion("v0.99.0-fake"))
          .build();

  private final Server server;
  private final EventLoopGroup eventLoops;

  private FakeBuildKit(Server server, EventLoopGroup eventLoops) {
    this.server = server;
    this.eventLoops = eventLoops;
  }

  public static FakeBuildKit onUnixSocket(Path socket) throws IOException {
    return onUnixSocket(socket, new OneWorker().bindService());
  }

  /** A buildkitd stand-in on a unix socket serving {@code control} (e.g. a {@link FakeControl}). */
  public static FakeBuildKit onUnixSocket(Path socket, ServerServiceDefinition control) throws IOException {
    EventLoopGroup eventLoops = new EpollEventLoopGroup(1);
    Server server =
        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(eventLoops)
            .workerEventLoopGroup(eventLoops)
            .addService(control)
            .build()
            .start();
    return new FakeBuildKit(server, eventLoops);
  }

  public static FakeBuildKit onLoopbackPort() throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new OneWorker())
            .build()
            .start();
    return new FakeBuildKit(server, null);
  }

  /**
   * Like {@link #onLoopbackPort()}, serving TLS with {@code serverCert}; with {@code clientCa}, also
   * requiring a client certificate it signed, as buildkitd does when started with {@code --tlscacert}.
   */
  public static FakeBuildKit onLoopbackPortWithTls(Path serverCert, Path serverKey, Path clientCa)
      throws IOException {
    return onLoopbackPortWithTls(serverCert, serverKey, clientCa, new OneWorker().bindService());
  }

  /** The same serving {@code control} (e.g. a {@link FakeControl}). */
  public static FakeBuildKit onLoopbackPortWithTls(
      Path serverCert, Path serverKey, Path clientCa, ServerServiceDefinition control) throws IOException {
    SslContextBuilder tls = GrpcSslContexts.forServer(serverCert.toFile(), serverKey.toFile());
    if (clientCa != null) {
      tls.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
    }
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(tls.build())
            .addService(control)
            .build()
            .start();
    return new FakeBuildKit(server, null);
  }

  public int port() {
    return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    if (eventLoops != null) {
      eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private static final class OneWorker extends ControlGrpc.ControlImplBase {
    @Override
    public void listWorkers(ListWorkersRequest request, StreamObserver<ListWorkersResponse> response) {
      response.onNext(ListWorkersResponse.newBuilder().addRecord(WORKER).build());
      response.onCompleted();
    }
  }
}
