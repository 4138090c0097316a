package io.deploymcp.buildkit.support;

import io.deploymcp.buildkit.proto.filesync.FileSyncGrpc;
import io.deploymcp.buildkit.proto.fsutil.Packet;
import io.deploymcp.buildkit.proto.fsutil.Packet.PacketType;
import io.deploymcp.buildkit.proto.fsutil.Stat;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The receiving side of fsutil's DiffCopy as the daemon runs it, reduced to what tests need:
 * read all STATs, REQ the regular files a predicate picks, collect their DATA, send FIN and
 * expect the sender to echo it. Stands in for BuildKit's receiver in tests without the engine.
 */
public final class DiffCopyReceiver {
  private static final Object COMPLETED = new Object();
  private static final int GO_MODE_TYPE = (1 << 31) | (1 << 27) | (1 << 25) | (1 << 24) | (1 << 26) | (1 << 21) | (1 << 19);

  public record Result(List<Stat> stats, Map<String, byte[]> contents, int requests, boolean finEchoed) {
    public List<String> paths() {
      return stats.stream().map(Stat::getPath).toList();
    }

    public Stat stat(String path) {
      return stats.stream().filter(s -> s.getPath().equals(path)).findFirst().orElseThrow();
    }
  }

  private DiffCopyReceiver() {}

  public static Result receive(ManagedChannel channel, Map<String, List<String>> headers, Predicate<Stat> wanted)
      throws InterruptedException {
    Metadata metadata = new Metadata();
    headers.forEach((key, values) ->
        values.forEach(v -> metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), v)));
    BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    StreamObserver<Packet> send =
        FileSyncGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
            .diffCopy(new StreamObserver<>() {
              @Override
              public void onNext(Packet packet) {
                received.add(packet);
              }

              @Override
              public void onError(Throwable error) {
                received.add(error);
              }

              @Override
              public void onCompleted() {
                received.add(COMPLETED);
              }
            });

    List<Stat> stats = new ArrayList<>();
    Map<Integer, String> requested = new HashMap<>();
    while (true) {
      Packet packet = next(received);
      if (packet.getType() != PacketType.PACKET_STAT) {
        throw new AssertionError("expected STAT, got " + packet.getType());
      }
      if (!packet.hasStat()) {
        break;
      }
      Stat stat = packet.getStat();
      if ((stat.getMode() & GO_MODE_TYPE) == 0 && wanted.test(stat)) {
        requested.put(stats.size(), stat.getPath());
      }
      stats.add(stat);
    }
    requested.keySet().forEach(id -> send.onNext(Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(id).build()));

    Map<String, ByteArrayOutputStream> data = new LinkedHashMap<>();
    int open = requested.size();
    while (open > 0) {
      Packet packet = next(received);
      if (packet.getType() != PacketType.PACKET_DATA) {
        throw new AssertionError("expected DATA, got " + packet.getType());
      }
      String path = requested.get(packet.getID());
      if (packet.getData().isEmpty()) {
        data.computeIfAbsent(path, p -> new ByteArrayOutputStream());
        open--;
      } else {
        data.computeIfAbsent(path, p -> new ByteArrayOutputStream()).writeBytes(packet.getData().toByteArray());
      }
    }
    send.onNext(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
    boolean finEchoed = next(received).getType() == PacketType.PACKET_FIN;
    send.onCompleted();
    Object end = received.poll(10, TimeUnit.SECONDS);
    if (end != COMPLETED) {
      throw new AssertionError("the sender did not end the call after FIN: " + end);
    }
    Map<String, byte[]> contents = new LinkedHashMap<>();
    data.forEach((path, bytes) -> contents.put(path, bytes.toByteArray()));
    return new Result(stats, contents, requested.size(), finEchoed);
  }

  private static Packet next(BlockingQueue<Object> received) throws InterruptedException {
    Object next = received.poll(10, TimeUnit.SECONDS);
    if (next instanceof Packet packet) {
      if (packet.getType() == PacketType.PACKET_ERR) {
        throw new AssertionError("error from sender: " + packet.getData().toStringUtf8());
      }
      return packet;
    }
    if (next instanceof Throwable error) {
      throw new AssertionError("DiffCopy failed: " + error, error);
    }
    throw new AssertionError("DiffCopy: expected a packet, got " + next);
  }
}
