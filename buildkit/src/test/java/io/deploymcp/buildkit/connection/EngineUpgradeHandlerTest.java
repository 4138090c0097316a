package io.deploymcp.buildkit.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ChannelLogger;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.shaded.io.grpc.netty.ProtocolNegotiationEvent;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upgrade handler in a pipeline of its own, with a recorder standing in for grpc's HTTP/2. */
class EngineUpgradeHandlerTest {
  private static final String SWITCHED =
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";

  private final Http2Recorder http2 = new Http2Recorder();
  private EmbeddedChannel channel;

  @BeforeEach
  void startNegotiation() {
    channel = new EmbeddedChannel(new EngineUpgradeHandler(http2, new SilentLogger()));
    channel.pipeline().fireUserEventTriggered(InternalProtocolNegotiationEvent.getDefault());
  }

  @Test
  void sendsTheUpgradeRequestFirst() {
    ByteBuf written = channel.readOutbound();

    assertThat(written.toString(StandardCharsets.US_ASCII)).startsWith("POST /grpc HTTP/1.1\r\n");
    written.release();
    assertThat(http2.events).isEmpty();
  }

  @Test
  void handsOverToHttp2AfterTheEngineSwitchesProtocols() {
    channel.writeInbound(ascii(SWITCHED));

    assertThat(http2.events).hasSize(1).first().isInstanceOf(ProtocolNegotiationEvent.class);
    assertThat(channel.pipeline().get(EngineUpgradeHandler.class)).isNull();
    assertThat(http2.bytes()).isEmpty();
  }

  @Test
  void passesOnHttp2BytesThatArriveWithTheResponseHead() {
    channel.writeInbound(ascii(SWITCHED + "SETTINGS"));

    assertThat(http2.events).hasSize(1);
    assertThat(http2.bytes()).isEqualTo("SETTINGS");
  }

  @Test
  void waitsForAResponseHeadSplitAcrossReads() {
    channel.writeInbound(ascii("HTTP/1.1 101 Switching Protocols\r\nConnection: Up"));
    assertThat(http2.events).isEmpty();

    channel.writeInbound(ascii("grade\r\nUpgrade: h2c\r\n\r\nFRAME"));

    assertThat(http2.events).hasSize(1);
    assertThat(http2.bytes()).isEqualTo("FRAME");
  }

  @Test
  void failsUnavailableWithTheEngineStatusLineWhenRefused() {
    assertThatThrownBy(() -> channel.writeInbound(ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("the Docker engine refused POST /grpc: HTTP/1.1 404 Not Found");
        });
    assertThat(http2.events).isEmpty();
  }

  @Test
  void failsWhenTheEngineHangsUpBeforeAnswering() {
    channel.close();

    assertThatThrownBy(channel::checkException)
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("closed the connection before answering");
  }

  @Test
  void givesUpOnAResponseWithoutEnd() {
    assertThatThrownBy(() -> channel.writeInbound(ascii("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(2000))))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("no HTTP response head");
  }

  private static ByteBuf ascii(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  /** Records what would reach grpc's HTTP/2 handler. */
  private static final class Http2Recorder extends ChannelInboundHandlerAdapter {
    final List<Object> events = new ArrayList<>();
    private final StringBuilder received = new StringBuilder();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      events.add(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      received.append(buf.toString(StandardCharsets.ISO_8859_1));
      buf.release();
    }

    String bytes() {
      return received.toString();
    }
  }

  private static final class SilentLogger extends ChannelLogger {
    @Override
    public void log(ChannelLogLevel level, String message) {}

    @Override
    public void log(ChannelLogLevel level, String messageFormat, Object... args) {}
  }
}
