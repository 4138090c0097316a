package io.deploymcp.buildkit.filesync;

import com.google.protobuf.ByteString;
import io.deploymcp.buildkit.proto.fsutil.Packet;
import io.deploymcp.buildkit.proto.fsutil.Packet.PacketType;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DiffCopy call, sender side (fsutil {@code send.go}): all STATs, an empty STAT, then DATA
 * for each REQ until the receiver's FIN, which is echoed. Runs on its own (virtual) thread and
 * blocks while the stream is not ready, so a large context never piles up in memory.
 */
final class DiffCopySender implements Runnable {
  /** fsutil's copy buffer; the receiver accepts any size, this keeps messages small. */
  static final int CHUNK_BYTES = 32 * 1024;

  private static final Logger log = LoggerFactory.getLogger(DiffCopySender.class);
  private static final Object INBOUND_END = new Object();

  private final ServerCallStreamObserver<Packet> out;
  private final Path dir;
  private final WalkOptions options;
  private final TransferCounters counters;
  private final BlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private volatile boolean cancelled;

  DiffCopySender(ServerCallStreamObserver<Packet> out, Path dir, WalkOptions options, TransferCounters counters) {
    this.out = out;
    this.dir = dir;
    this.options = options;
    this.counters = counters;
    out.setOnReadyHandler(this::signal);
    out.setOnCancelHandler(() -> {
      cancelled = true;
      inbound.add(INBOUND_END);
      signal();
    });
  }

  /** Where the receiver's packets (REQ, FIN, ERR) go. */
  StreamObserver<Packet> inbound() {
    return new StreamObserver<>() {
      @Override
      public void onNext(Packet packet) {
        inbound.add(packet);
      }

      @Override
      public void onError(Throwable error) {
        cancelled = true;
        inbound.add(INBOUND_END);
        signal();
      }

      @Override
      public void onCompleted() {
        inbound.add(INBOUND_END);
      }
    };
  }

  @Override
  public void run() {
    try {
      Map<Integer, Path> files = sendStats();
      serveRequests(files);
    } catch (IOException e) {
      // fsutil reports walk errors to the receiver as ERR, then fails the call.
      String message = "failed to walk " + dir.getFileName() + ": " + e;
      trySend(Packet.newBuilder().setType(PacketType.PACKET_ERR).setData(ByteString.copyFromUtf8(message)).build());
      out.onError(Status.INTERNAL.withDescription(message).asRuntimeException());
    } catch (InterruptedException | CancelledException e) {
      log.debug("DiffCopy of {} ended early: {}", dir, e.toString());
    } catch (RuntimeException e) {
      log.warn("DiffCopy of {} failed", dir, e);
      if (!cancelled) {
        out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
      }
    }
  }

  private Map<Integer, Path> sendStats() throws IOException, InterruptedException {
    List<TreeWalker.Entry> entries = TreeWalker.walk(dir, options);
    Map<Integer, Path> files = new HashMap<>();
    for (int id = 0; id < entries.size(); id++) {
      TreeWalker.Entry entry = entries.get(id);
      // Ids count every entry; only regular files (hard links included) may be requested.
      if (GoFileMode.isRegular(entry.stat().getMode())) {
        files.put(id, entry.file());
      }
      send(Packet.newBuilder().setType(PacketType.PACKET_STAT).setStat(entry.stat()).build());
      counters.entriesSent.increment();
    }
    send(Packet.newBuilder().setType(PacketType.PACKET_STAT).build());
    return files;
  }

  private void serveRequests(Map<Integer, Path> files) throws InterruptedException {
    while (true) {
      Object next = inbound.take();
      if (next == INBOUND_END) {
        if (!cancelled) {
          out.onCompleted();
        }
        return;
      }
      Packet packet = (Packet) next;
      switch (packet.getType()) {
        case PACKET_REQ -> {
          Path file = files.remove(packet.getID());
          if (file == null) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("invalid file id " + packet.getID()).asRuntimeException());
            return;
          }
          counters.filesRequested.increment();
          sendFile(packet.getID(), file);
        }
        case PACKET_FIN -> {
          send(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
          out.onCompleted();
          return;
        }
        case PACKET_ERR -> {
          String message = "error from receiver: " + packet.getData().toString(StandardCharsets.UTF_8);
          out.onError(Status.UNKNOWN.withDescription(message).asRuntimeException());
          return;
        }
        default -> log.debug("DiffCopy ignores a {} packet from the receiver", packet.getType());
      }
    }
  }

  private void sendFile(int id, Path file) throws InterruptedException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[CHUNK_BYTES];
      int read;
      while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        send(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(id).setData(ByteString.copyFrom(buffer, 0, read)).build());
        counters.bytesSent.add(read);
      }
    } catch (IOException e) {
      // fsutil sends an empty file when it cannot open one (sockets, files removed meanwhile).
      log.debug("DiffCopy sends {} empty: {}", file, e.toString());
    }
    send(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(id).build());
  }

  private void send(Packet packet) throws InterruptedException {
    lock.lock();
    try {
      while (!cancelled && !out.isReady()) {
        ready.await(100, TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
    if (cancelled) {
      throw new CancelledException();
    }
    out.onNext(packet);
  }

  private void trySend(Packet packet) {
    try {
      if (!cancelled) {
        out.onNext(packet);
      }
    } catch (RuntimeException ignored) {
      // The call is already gone; the error goes to onError next.
    }
  }

  private void signal() {
    lock.lock();
    try {
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static final class CancelledException extends RuntimeException {
    CancelledException() {
      super("DiffCopy call cancelled", null, false, false);
    }
  }
}
