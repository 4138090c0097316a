package io.deploymcp.buildkit.connection;

import io.grpc.ChannelLogger;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;

/**
 * First handler on a fresh engine socket: sends {@code POST /grpc} with {@code Upgrade: h2c},
 * reads the response head, and on 101 hands the socket to grpc's HTTP/2 handler ({@code next}).
 * Bytes that arrive in the same read as the head belong to HTTP/2 (the engine sends its
 * SETTINGS frame right away) and are passed on, not dropped. Any other answer fails the
 * connection with UNAVAILABLE and the engine's status line.
 */
final class EngineUpgradeHandler extends InternalProtocolNegotiators.ProtocolNegotiationHandler {
  private ByteBuf received;

  EngineUpgradeHandler(ChannelHandler next, ChannelLogger logger) {
    super(next, "docker-engine-grpc-upgrade", logger);
  }

  @Override
  protected void protocolNegotiationEventTriggered(ChannelHandlerContext ctx) {
    received = ctx.alloc().buffer();
    ctx.writeAndFlush(Unpooled.wrappedBuffer(EngineUpgrade.request()))
        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (received == null) {
      // Not negotiating (yet): nothing should arrive before our request, let grpc complain.
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf chunk = (ByteBuf) msg;
    try {
      received.writeBytes(chunk);
    } finally {
      chunk.release();
    }
    byte[] bytes = new byte[received.readableBytes()];
    received.getBytes(received.readerIndex(), bytes);
    int headEnd = EngineUpgrade.headEnd(bytes, bytes.length);
    if (headEnd < 0) {
      if (bytes.length > EngineUpgrade.MAX_RESPONSE_HEAD) {
        fail(ctx, "the Docker engine sent no HTTP response head within "
            + EngineUpgrade.MAX_RESPONSE_HEAD + " bytes");
      }
      return;
    }
    EngineUpgrade.Status status =
        EngineUpgrade.status(new String(bytes, 0, headEnd, StandardCharsets.US_ASCII));
    if (!status.switched()) {
      fail(ctx, "the Docker engine refused POST /grpc: " + status.line());
      return;
    }
    ByteBuf http2 = received.skipBytes(headEnd);
    received = null;
    fireProtocolNegotiationEvent(ctx);
    // This context is out of the pipeline now, but netty keeps its link to the replacement,
    // so the early HTTP/2 bytes reach grpc's handler in order.
    if (http2.isReadable()) {
      ctx.fireChannelRead(http2);
    } else {
      http2.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (received != null) {
      fail(ctx, "the Docker engine closed the connection before answering POST /grpc");
      return;
    }
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (received != null) {
      received.release();
      received = null;
    }
  }

  private void fail(ChannelHandlerContext ctx, String message) {
    if (received != null) {
      received.release();
      received = null;
    }
    // A Status cause makes grpc report UNAVAILABLE with this text to the caller.
    ctx.fireExceptionCaught(Status.UNAVAILABLE.withDescription(message).asRuntimeException());
  }
}
