package io.deploymcp.buildkit.session;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import com.google.protobuf.UnsafeByteOperations;
import io.deploymcp.buildkit.proto.control.BytesMessage;
import io.deploymcp.buildkit.proto.control.ControlGrpc;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.local.LocalAddress;
import io.grpc.netty.shaded.io.netty.channel.local.LocalChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;

/**
 * The byte pipe between a Control.Session call and the session's gRPC server. The server
 * listens on an in-JVM netty {@link LocalAddress}; this connects a {@link LocalChannel} to it
 * and copies bytes both ways: daemon → server from the call's responses, server → daemon as
 * the call's requests. The HTTP/2 connection inside is end to end between the daemon's gRPC
 * client and our server; this class never looks into it.
 *
 * <p>Flow control: when the call cannot take more (not ready), the local channel stops reading,
 * so the server's HTTP/2 windows hold back further writes; reading resumes on the call's ready
 * signal. All calls on the request stream happen on the local channel's event loop.
 */
final class SessionTunnel {
  /** Bound for one tunnel message; the daemon's gRPC server takes up to 4 MiB. */
  private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

  private final Channel channel;
  /** Touched on the channel's event loop only. */
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final CompletableFuture<Status> ended = new CompletableFuture<>();
  private volatile ClientCallStreamObserver<BytesMessage> requests;

  private SessionTunnel(Channel channel) {
    this.channel = channel;
  }

  static SessionTunnel open(ControlGrpc.ControlStub control, EventLoopGroup loops, LocalAddress server)
      throws InterruptedException {
    SessionTunnel[] self = new SessionTunnel[1];
    Channel channel =
        new Bootstrap()
            .group(loops)
            .channel(LocalChannel.class)
            // Nothing is read before the call exists: the server's first SETTINGS frame waits.
            .option(ChannelOption.AUTO_READ, false)
            .handler(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                self[0].collect((ByteBuf) msg);
              }

              @Override
              public void channelReadComplete(ChannelHandlerContext ctx) {
                self[0].toDaemon();
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                self[0].serverClosed();
              }
            })
            .connect(server)
            .sync()
            .channel();
    SessionTunnel tunnel = new SessionTunnel(channel);
    self[0] = tunnel;
    control.session(tunnel.new FromDaemon());
    channel.config().setAutoRead(true);
    return tunnel;
  }

  /** Completes when the tunnel is gone: OK when the daemon ended it, else why it broke. */
  CompletableFuture<Status> ended() {
    return ended;
  }

  /** Ends the Session call, which ends the session on the daemon's side too. */
  void close(String reason) {
    channel.eventLoop().execute(() -> {
      ClientCallStreamObserver<BytesMessage> call = requests;
      if (call != null && !ended.isDone()) {
        call.cancel(reason, null);
      }
      ended.complete(Status.CANCELLED.withDescription(reason));
      channel.close();
    });
  }

  /**
   * Gathers what the server wrote in one read cycle: grpc writes every HTTP/2 frame separately,
   * and one tunnel message per frame would multiply the per-message cost on both sides.
   */
  private void collect(ByteBuf buf) {
    try {
      buf.readBytes(pending, buf.readableBytes());
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    } finally {
      buf.release();
    }
    if (pending.size() >= MAX_MESSAGE_BYTES) {
      toDaemon();
    }
  }

  private void toDaemon() {
    if (pending.size() == 0) {
      return;
    }
    byte[] bytes = pending.toByteArray();
    pending.reset();
    if (ended.isDone()) {
      return;
    }
    requests.onNext(BytesMessage.newBuilder().setData(UnsafeByteOperations.unsafeWrap(bytes)).build());
    if (!requests.isReady()) {
      channel.config().setAutoRead(false);
    }
  }

  private void serverClosed() {
    if (!ended.isDone() && requests != null) {
      requests.onCompleted();
    }
    ended.complete(Status.OK.withDescription("session server closed"));
  }

  /** The daemon's side of the call: its bytes go into the local channel. */
  private final class FromDaemon implements ClientResponseObserver<BytesMessage, BytesMessage> {
    @Override
    public void beforeStart(ClientCallStreamObserver<BytesMessage> requestStream) {
      requests = requestStream;
      requestStream.setOnReadyHandler(() -> channel.config().setAutoRead(true));
    }

    @Override
    public void onNext(BytesMessage message) {
      ByteString data = message.getData();
      if (!data.isEmpty()) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(data.asReadOnlyByteBuffer()));
      }
    }

    @Override
    public void onError(Throwable error) {
      ended.complete(Status.fromThrowable(error));
      channel.close();
    }

    @Override
    public void onCompleted() {
      ended.complete(Status.UNAVAILABLE.withDescription("the daemon ended the session"));
      channel.close();
    }
  }
}
