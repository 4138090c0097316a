package io.deploymcp.buildkit.connection;

import io.grpc.ChannelLogger;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.util.AsciiString;

/**
 * Plaintext HTTP/2, preceded by the engine's HTTP/1.1 upgrade. grpc-netty has no public hook
 * for bytes that must be exchanged before the HTTP/2 preface, so this plugs into its internal
 * negotiator API (the one its own TLS and proxy negotiators use). Its shape is the same in grpc
 * 1.76 and 1.84; the engine test breaks first if a grpc upgrade changes it.
 */
final class EngineUpgradeNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
  private static final AsciiString SCHEME = AsciiString.of("http");

  @Override
  public AsciiString scheme() {
    return SCHEME;
  }

  @Override
  public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
    ChannelLogger logger = grpcHandler.getNegotiationLogger();
    ChannelHandler http2 = InternalProtocolNegotiators.grpcNegotiationHandler(grpcHandler);
    ChannelHandler upgrade = new EngineUpgradeHandler(http2, logger);
    return InternalProtocolNegotiators.waitUntilActiveHandler(upgrade, logger);
  }

  @Override
  public void close() {}
}
