package io.deploymcp.buildkit.support;

import io.deploymcp.buildkit.proto.control.BytesMessage;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.bootstrap.ServerBootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.local.LocalAddress;
import io.grpc.netty.shaded.io.netty.channel.local.LocalChannel;
import io.grpc.netty.shaded.io.netty.channel.local.LocalServerChannel;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The daemon's end of one Control.Session call, as a stand-in daemon runs it: a grpc-java
 * CLIENT ({@link #channel()}) whose HTTP/2 connection travels through the session stream, so a
 * test can call the client's session services (health, file sync, secrets) the way BuildKit does.
 */
public final class FakeDaemonSession {
  private final Metadata headers;
  private final StreamObserver<BytesMessage> toClient;
  private final Channel listener;
  private final ManagedChannel channel;
  private final Object lock = new Object();
  private final List<ByteBuf> pending = new ArrayList<>();
  private final CompletableFuture<Throwable> clientEnded = new CompletableFuture<>();
  private Channel relay;

  FakeDaemonSession(Metadata headers, StreamObserver<BytesMessage> toClient, EventLoopGroup loops)
      throws InterruptedException {
    this.headers = headers;
    this.toClient = toClient;
    // The client cancelling the call ends it; the relay then stops writing to it.
    ((ServerCallStreamObserver<BytesMessage>) toClient).setOnCancelHandler(() -> {
      clientEnded.complete(io.grpc.Status.CANCELLED.asRuntimeException());
      close();
    });
    LocalAddress address = new LocalAddress("fake-daemon-" + UUID.randomUUID());
    listener =
        new ServerBootstrap()
            .group(loops)
            .channel(LocalServerChannel.class)
            .childHandler(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                synchronized (lock) {
                  relay = ctx.channel();
                  pending.forEach(relay::write);
                  pending.clear();
                  relay.flush();
                }
              }

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes).release();
                synchronized (toClient) {
                  if (clientEnded.isDone()) {
                    return;
                  }
                  toClient.onNext(BytesMessage.newBuilder().setData(com.google.protobuf.ByteString.copyFrom(bytes)).build());
                }
              }
            })
            .bind(address)
            .sync()
            .channel();
    channel =
        NettyChannelBuilder.forAddress(address)
            .channelType(LocalChannel.class)
            .eventLoopGroup(loops)
            .usePlaintext()
            .build();
  }

  /** The session headers (x-docker-expose-session-*) the client sent. */
  public Metadata headers() {
    return headers;
  }

  public List<String> header(String name) {
    Iterable<String> values = headers.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    List<String> list = new ArrayList<>();
    if (values != null) {
      values.forEach(list::add);
    }
    return list;
  }

  /** The daemon's gRPC client inside the tunnel. */
  public ManagedChannel channel() {
    return channel;
  }

  /** Completes when the client ends the session call (null for a half-close, else the error). */
  public CompletableFuture<Throwable> clientEnded() {
    return clientEnded;
  }

  /** Ends the session from the daemon's side, as a daemon going away would. */
  public void hangUp() {
    synchronized (toClient) {
      toClient.onCompleted();
    }
    channel.shutdownNow();
  }

  StreamObserver<BytesMessage> fromClient() {
    return new StreamObserver<>() {
      @Override
      public void onNext(BytesMessage message) {
        ByteBuf buf = Unpooled.wrappedBuffer(message.getData().toByteArray());
        synchronized (lock) {
          if (relay == null) {
            pending.add(buf);
          } else {
            relay.writeAndFlush(buf);
          }
        }
      }

      @Override
      public void onError(Throwable error) {
        clientEnded.complete(error);
        close();
      }

      @Override
      public void onCompleted() {
        clientEnded.complete(null);
        close();
      }
    };
  }

  void close() {
    channel.shutdownNow();
    listener.close();
    synchronized (lock) {
      if (relay != null) {
        relay.close();
      }
    }
  }
}
