package io.deploymcp.buildkit.support;

import io.deploymcp.buildkit.proto.control.BytesMessage;
import io.deploymcp.buildkit.proto.control.ControlGrpc;
import io.deploymcp.buildkit.proto.control.ListWorkersRequest;
import io.deploymcp.buildkit.proto.control.ListWorkersResponse;
import io.deploymcp.buildkit.proto.control.SolveRequest;
import io.deploymcp.buildkit.proto.control.SolveResponse;
import io.deploymcp.buildkit.proto.control.StatusRequest;
import io.deploymcp.buildkit.proto.control.StatusResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.channel.DefaultEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for BuildKit's Control service with scriptable Solve and Status: a test sets
 * {@link #solve} and {@link #status} to what the daemon should do. Session calls are turned into
 * {@link FakeDaemonSession}s, whose gRPC client reaches the build client's session server.
 */
public class FakeControl extends ControlGrpc.ControlImplBase {
  /** Scripted behaviour of one call; runs on a gRPC thread and may block. */
  @FunctionalInterface
  public interface Script<Q, R> {
    void run(Q request, StreamObserver<R> response, FakeControl daemon) throws Exception;
  }

  private static final Context.Key<Metadata> HEADERS = Context.key("fake-control-headers");

  private final EventLoopGroup loops = new DefaultEventLoopGroup(1);
  private final BlockingQueue<FakeDaemonSession> sessions = new LinkedBlockingQueue<>();
  private final List<FakeDaemonSession> allSessions = new CopyOnWriteArrayList<>();
  private final BlockingQueue<SolveRequest> solves = new LinkedBlockingQueue<>();
  public volatile Script<SolveRequest, SolveResponse> solve =
      (request, response, daemon) -> response.onError(Status.UNIMPLEMENTED.asRuntimeException());
  public volatile Script<StatusRequest, StatusResponse> status = (request, response, daemon) -> response.onCompleted();

  /** This service with the interceptor that keeps each call's headers. */
  public ServerServiceDefinition definition() {
    return ServerInterceptors.intercept(this, new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
      }
    });
  }

  /** The next session a client opened. */
  public FakeDaemonSession awaitSession() throws InterruptedException {
    FakeDaemonSession session = sessions.poll(10, TimeUnit.SECONDS);
    if (session == null) {
      throw new AssertionError("no session was opened within 10 s");
    }
    return session;
  }

  /** Every session opened so far, oldest first. */
  public List<FakeDaemonSession> sessions() {
    return allSessions;
  }

  /** The next SolveRequest received. */
  public SolveRequest awaitSolve() throws InterruptedException {
    SolveRequest request = solves.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no Solve arrived within 10 s");
    }
    return request;
  }

  @Override
  public void listWorkers(ListWorkersRequest request, StreamObserver<ListWorkersResponse> response) {
    response.onNext(ListWorkersResponse.newBuilder().addRecord(FakeBuildKit.WORKER).build());
    response.onCompleted();
  }

  @Override
  public StreamObserver<BytesMessage> session(StreamObserver<BytesMessage> toClient) {
    try {
      FakeDaemonSession session = new FakeDaemonSession(HEADERS.get(), toClient, loops);
      sessions.add(session);
      allSessions.add(session);
      return session.fromClient();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.ABORTED.asRuntimeException();
    }
  }

  @Override
  public void solve(SolveRequest request, StreamObserver<SolveResponse> response) {
    solves.add(request);
    run(solve, request, response);
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
    run(status, request, response);
  }

  private <Q, R> void run(Script<Q, R> script, Q request, StreamObserver<R> response) {
    try {
      script.run(request, response, this);
    } catch (Exception e) {
      response.onError(Status.INTERNAL.withDescription("fake script failed: " + e).asRuntimeException());
    }
  }

  public void shutdown() {
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
