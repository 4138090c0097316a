package io.deploymcp.buildkit.filesync;

import io.deploymcp.buildkit.proto.filesync.FileSyncGrpc;
import io.deploymcp.buildkit.proto.fsutil.Packet;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;

/**
 * {@code moby.filesync.v1.FileSync} as the build client serves it inside a session: the daemon
 * calls DiffCopy once per local directory it needs, naming it in the {@code dir-name} header
 * ({@code context} and {@code dockerfile} for the dockerfile frontend), and this sends that
 * directory with the include/exclude patterns of the call. Only named directories are served.
 */
public final class FileSyncServer extends FileSyncGrpc.FileSyncImplBase {
  public static final String DIFF_COPY_METHOD = "/moby.filesync.v1.FileSync/DiffCopy";

  private static final Context.Key<Metadata> HEADERS = Context.key("filesync-headers");
  private static final String DIR_NAME = "dir-name";
  private static final String INCLUDE_PATTERNS = "include-patterns";
  private static final String EXCLUDE_PATTERNS = "exclude-patterns";
  private static final String FOLLOW_PATHS = "followpaths";

  private final Map<String, Path> dirs;
  private final Map<String, TransferCounters> counters = new LinkedHashMap<>();
  private final ThreadFactory senders;

  /**
   * @param dirs local directories by the name the daemon asks for
   * @param senders threads that run the senders (each blocks on disk and on stream readiness)
   */
  public FileSyncServer(Map<String, Path> dirs, ThreadFactory senders) {
    this.dirs = Map.copyOf(dirs);
    this.senders = senders;
    for (String name : new TreeMap<>(dirs).keySet()) {
      counters.put(name, new TransferCounters());
    }
  }

  /** The service with the interceptor that hands the call's headers to DiffCopy. */
  public ServerServiceDefinition service() {
    ServerInterceptor headers =
        new ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
              io.grpc.ServerCall<Q, R> call, Metadata metadata, io.grpc.ServerCallHandler<Q, R> next) {
            return Contexts.interceptCall(Context.current().withValue(HEADERS, metadata), call, metadata, next);
          }
        };
    return ServerInterceptors.intercept(this, headers);
  }

  /** Transfer counters per directory name, in name order. */
  public List<FileTransfer> transfers() {
    return counters.entrySet().stream().map(e -> e.getValue().snapshot(e.getKey())).toList();
  }

  @Override
  public StreamObserver<Packet> diffCopy(StreamObserver<Packet> responses) {
    Metadata headers = HEADERS.get();
    List<String> names = headers == null ? null : values(headers, DIR_NAME);
    String name = names == null || names.isEmpty() ? "" : names.getFirst();
    Path dir = dirs.get(name);
    if (dir == null) {
      responses.onError(
          Status.NOT_FOUND.withDescription("no access allowed to dir \"" + name + "\"").asRuntimeException());
      return new Discard();
    }
    WalkOptions options =
        new WalkOptions(values(headers, INCLUDE_PATTERNS), values(headers, EXCLUDE_PATTERNS), values(headers, FOLLOW_PATHS));
    TransferCounters dirCounters = counters.get(name);
    dirCounters.calls.incrementAndGet();
    DiffCopySender sender =
        new DiffCopySender((ServerCallStreamObserver<Packet>) responses, dir, options, dirCounters);
    senders.newThread(sender).start();
    return sender.inbound();
  }

  /**
   * A header's values, or null when absent. Newer daemons URL-escape values with non-ASCII
   * characters and say so with a companion {@code <key>-encoded: 1} header.
   */
  static List<String> values(Metadata headers, String key) {
    Iterable<String> raw = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    if (raw == null) {
      return null;
    }
    String flag = headers.get(Metadata.Key.of(key + "-encoded", Metadata.ASCII_STRING_MARSHALLER));
    boolean encoded = flag != null && (flag.equals("1") || flag.equalsIgnoreCase("true"));
    List<String> result = new ArrayList<>();
    for (String value : raw) {
      result.add(encoded ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value);
    }
    return result;
  }

  private static final class Discard implements StreamObserver<Packet> {
    @Override
    public void onNext(Packet packet) {}

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onCompleted() {}
  }
}
