package io.deploymcp.buildkit.session;

import io.deploymcp.buildkit.proto.control.ControlGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.DefaultEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.local.LocalAddress;
import io.grpc.netty.shaded.io.netty.channel.local.LocalServerChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A BuildKit session seen from the client: a gRPC server of ours, reached by the daemon through
 * a Control.Session tunnel (see {@link SessionTunnel}), serving the given services plus
 * {@code grpc.health.v1.Health} (the daemon checks it every second and drops the session on
 * the first failure). A {@code SolveRequest} names the session by {@link #id()}.
 *
 * <p>Why a netty server on an in-JVM {@link LocalAddress}: grpc-java has no transport over an
 * arbitrary byte stream, but its netty server accepts any netty channel type, and a local
 * channel pair is a byte stream entirely inside this JVM (no port, no socket file, nothing
 * another process can reach). The tunnel copies bytes between that channel and the call.
 */
public final class BuildSession implements AutoCloseable {
  public static final String HEALTH_CHECK_METHOD = "/grpc.health.v1.Health/Check";

  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final String id;
  private final Server server;
  private final HealthStatusManager health;
  private final AtomicLong healthChecks;
  private final EventLoopGroup loops;
  private final ExecutorService executor;
  private final SessionTunnel tunnel;

  private BuildSession(String id, Server server, HealthStatusManager health, AtomicLong healthChecks,
      EventLoopGroup loops, ExecutorService executor, SessionTunnel tunnel) {
    this.id = id;
    this.server = server;
    this.health = health;
    this.healthChecks = healthChecks;
    this.loops = loops;
    this.executor = executor;
    this.tunnel = tunnel;
  }

  /**
   * Starts the server and opens the tunnel. Returns as soon as the call is started; the daemon
   * files the session when the call's headers arrive, and a Solve naming it waits for that.
   *
   * @param name shown by the daemon (e.g. the deployment), not interpreted
   * @param sharedKey scopes the daemon's cached copies of local directories: the same key for
   *     the same workspace path lets a rebuild re-send only changed files
   */
  public static BuildSession open(ControlGrpc.ControlStub control, String name, String sharedKey,
      List<ServerServiceDefinition> services) {
    String id = UUID.randomUUID().toString().replace("-", "");
    EventLoopGroup loops = new DefaultEventLoopGroup(1, new DefaultThreadFactory("buildkit-session", true));
    ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("buildkit-session-", 0).factory());
    HealthStatusManager health = new HealthStatusManager();
    AtomicLong healthChecks = new AtomicLong();
    LocalAddress address = new LocalAddress("deploy-mcp-buildkit-session-" + id);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address)
            .channelType(LocalServerChannel.class)
            .bossEventLoopGroup(loops)
            .workerEventLoopGroup(loops)
            .executor(executor)
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            // The daemon's Go client may ping; never answer a ping with GOAWAY.
            .permitKeepAliveWithoutCalls(true)
            .permitKeepAliveTime(1, TimeUnit.SECONDS)
            .addService(ServerInterceptors.intercept(health.getHealthService(), countCalls(healthChecks)));
    List<String> methods = new ArrayList<>();
    methods.add(HEALTH_CHECK_METHOD);
    for (ServerServiceDefinition service : services) {
      builder.addService(service);
      for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
        methods.add("/" + method.getMethodDescriptor().getFullMethodName());
      }
    }
    Server server = null;
    try {
      server = builder.build().start();
      SessionMetadata metadata = new SessionMetadata(id, name, sharedKey, methods);
      SessionTunnel tunnel = SessionTunnel.open(
          control.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata.toMetadata())), loops, address);
      return new BuildSession(id, server, health, healthChecks, loops, executor, tunnel);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (server != null) {
        server.shutdownNow();
      }
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      executor.shutdownNow();
      throw new IllegalStateException("could not start the build session server: " + e, e);
    }
  }

  public String id() {
    return id;
  }

  /** Health checks the daemon made so far: proof that its client inside the tunnel talks to us. */
  public long healthChecks() {
    return healthChecks.get();
  }

  private static ServerInterceptor countCalls(AtomicLong counter) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        counter.incrementAndGet();
        return next.startCall(call, headers);
      }
    };
  }

  /** Completes when the tunnel ends; a status other than CANCELLED (our close) means it broke. */
  public CompletableFuture<Status> ended() {
    return tunnel.ended();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    tunnel.close("build session closed");
    server.shutdownNow();
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
