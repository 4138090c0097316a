package io.deploymcp.buildkit.connection;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.BuildKitException;
import io.deploymcp.buildkit.proto.control.ControlGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel to a BuildKit daemon. Opening is lazy (grpc connects on the first call), so
 * an unreachable daemon shows up as UNAVAILABLE on that call, not here.
 */
public final class BuildKitConnection implements AutoCloseable {
  /** BuildKit's own server accepts 16 MiB messages; Status batches can exceed grpc's 4 MiB default. */
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

  private final BuildKitAddress address;
  private final ManagedChannel channel;
  private final EventLoopGroup eventLoops;

  private BuildKitConnection(BuildKitAddress address, ManagedChannel channel, EventLoopGroup eventLoops) {
    this.address = address;
    this.channel = channel;
    this.eventLoops = eventLoops;
  }

  /** Without TLS: what {@code unix://} and {@code docker://} always are, and a plain {@code tcp://}. */
  public static BuildKitConnection open(BuildKitAddress address) {
    return open(address, Optional.empty());
  }

  /**
   * With TLS when {@code tls} is present, which only a {@code tcp://} address may have
   * (BUILDKIT_TLS_INVALID otherwise). A failed handshake shows up on the first call, as
   * BUILDKIT_UNREACHABLE naming the TLS problem.
   */
  public static BuildKitConnection open(BuildKitAddress address, Optional<BuildKitTls> tls) {
    tls.ifPresent(settings -> settings.requireUsableWith(address));
    return switch (address) {
      case BuildKitAddress.Unix unix -> overDomainSocket(address, unix.socket(), false);
      case BuildKitAddress.DockerEngine engine -> overDomainSocket(address, engine.socket(), true);
      case BuildKitAddress.Tcp tcp -> overTcp(tcp, tls);
    };
  }

  private static BuildKitConnection overTcp(BuildKitAddress.Tcp tcp, Optional<BuildKitTls> tls) {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(tcp.host(), tcp.port()).maxInboundMessageSize(MAX_MESSAGE_BYTES);
    if (tls.isEmpty()) {
      builder.usePlaintext();
    } else {
      builder.sslContext(tls.get().sslContext());
      // grpc takes SNI and the name its hostname check expects from the authority, so this is
      // buildctl's --tlsservername; the :authority header it also fills is not read by buildkitd.
      tls.get().serverName().ifPresent(name -> {
        try {
          builder.overrideAuthority(name);
        } catch (IllegalArgumentException e) {
          throw new BuildKitException(BuildKitErrorCode.BUILDKIT_TLS_INVALID,
              BuildKitTls.SERVER_NAME_SETTING + " is not a host name or IP address", BuildKitTls.HINT);
        }
      });
    }
    return new BuildKitConnection(tcp, builder.build(), null);
  }

  private static BuildKitConnection overDomainSocket(BuildKitAddress address, Path socket, boolean engine) {
    if (!Epoll.isAvailable()) {
      throw new BuildKitException(
          BuildKitErrorCode.BUILDKIT_UNREACHABLE,
          "unix sockets need netty's epoll transport, which is unavailable here: "
              + Epoll.unavailabilityCause(),
          "Run the worker on Linux (x86_64 or aarch64), or point BUILDKIT_HOST at tcp://host:port.");
    }
    EventLoopGroup eventLoops = new EpollEventLoopGroup(1, new DefaultThreadFactory("buildkit-epoll", true));
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollDomainSocketChannel.class)
            .eventLoopGroup(eventLoops)
            // The authority only fills the :authority header; neither daemon checks it.
            .overrideAuthority("localhost")
            .maxInboundMessageSize(MAX_MESSAGE_BYTES);
    if (engine) {
      InternalNettyChannelBuilder.setProtocolNegotiatorFactory(builder, EngineUpgradeNegotiator::new);
    } else {
      builder.usePlaintext();
    }
    return new BuildKitConnection(address, builder.build(), eventLoops);
  }

  public BuildKitAddress address() {
    return address;
  }

  public ControlGrpc.ControlBlockingStub control() {
    return ControlGrpc.newBlockingStub(channel);
  }

  public ControlGrpc.ControlStub controlAsync() {
    return ControlGrpc.newStub(channel);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (eventLoops != null) {
        eventLoops.shutdownGracefully(0, SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }
}
