package io.deploymcp.buildkit;

import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.connection.TlsFailure;
import io.deploymcp.buildkit.proto.control.DiskUsageRequest;
import io.deploymcp.buildkit.proto.control.ListWorkersRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The plain unary calls this project makes on BuildKit's Control service; builds (Solve with
 * Status and the session) are {@link io.deploymcp.buildkit.build.ImageBuilder}'s.
 */
public final class BuildKitClient {
  private final BuildKitConnection connection;
  private final Duration callTimeout;

  public BuildKitClient(BuildKitConnection connection, Duration callTimeout) {
    this.connection = connection;
    this.callTimeout = callTimeout;
  }

  /** The daemon's workers; also the cheapest way to prove the daemon answers. */
  public List<WorkerInfo> listWorkers() {
    try {
      return connection.control()
          .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .listWorkers(ListWorkersRequest.getDefaultInstance())
          .getRecordList()
          .stream()
          .map(WorkerInfo::from)
          .toList();
    } catch (StatusRuntimeException e) {
      throw unreachable(e);
    }
  }

  /** The size of the daemon's build cache, for the operator's status and prune decisions. */
  public CacheUsage diskUsage() {
    try {
      var records =
          connection.control()
              .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .diskUsage(DiskUsageRequest.getDefaultInstance())
              .getRecordList();
      long bytes = 0;
      long reclaimable = 0;
      for (var record : records) {
        bytes += record.getSize();
        if (!record.getInUse()) {
          reclaimable += record.getSize();
        }
      }
      return new CacheUsage(records.size(), bytes, reclaimable);
    } catch (StatusRuntimeException e) {
      throw unreachable(e);
    }
  }

  private BuildKitException unreachable(StatusRuntimeException e) {
    Optional<String> tls = TlsFailure.describe(e);
    if (tls.isPresent()) {
      // grpc's own text here is "io exception" plus its pipeline: the TLS detail says it all.
      return new BuildKitException(
          BuildKitErrorCode.BUILDKIT_UNREACHABLE,
          "BuildKit at " + connection.address() + " answered " + e.getStatus().getCode() + "; " + tls.get(),
          TlsFailure.HINT,
          e);
    }
    return new BuildKitException(
        BuildKitErrorCode.BUILDKIT_UNREACHABLE,
        "BuildKit at " + connection.address() + " answered " + reason(e.getStatus()),
        "Check that the daemon (dockerd or buildkitd) is running, that BUILDKIT_HOST points at its"
            + " socket and that this process may open it.",
        e);
  }

  private String reason(Status status) {
    StringBuilder reason = new StringBuilder(status.getCode().toString());
    if (status.getDescription() != null) {
      reason.append(": ").append(status.getDescription());
    }
    // grpc says only "io exception" for socket errors, and netty's exception for a missing
    // socket file has no message: name the cause, and the missing file outright.
    Throwable cause = status.getCause();
    if (cause != null) {
      reason.append(" (")
          .append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName())
          .append(")");
    }
    Path socket = switch (connection.address()) {
      case BuildKitAddress.Unix unix -> unix.socket();
      case BuildKitAddress.DockerEngine engine -> engine.socket();
      case BuildKitAddress.Tcp tcp -> null;
    };
    if (status.getCode() == Status.Code.UNAVAILABLE && socket != null && !Files.exists(socket)) {
      reason.append("; no socket exists at ").append(socket);
    }
    return reason.toString();
  }
}
