package io.deploymcp.buildkit;

import io.deploymcp.buildkit.proto.llb.Platform;
import io.deploymcp.buildkit.proto.types.WorkerRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A BuildKit worker as ListWorkers describes it.
 *
 * @param platforms OCI platform strings such as {@code linux/amd64} or {@code linux/arm/v7}
 * @param buildkitVersion the daemon's version, when the daemon reports it (BuildKit >= 0.11;
 *     the Docker 20.10 engine does not)
 */
public record WorkerInfo(
    String id, List<String> platforms, Map<String, String> labels, Optional<String> buildkitVersion) {

  public WorkerInfo {
    platforms = List.copyOf(platforms);
    labels = Map.copyOf(labels);
  }

  static WorkerInfo from(WorkerRecord record) {
    List<String> platforms = record.getPlatformsList().stream().map(WorkerInfo::platform).toList();
    Optional<String> version =
        record.hasBuildkitVersion() && !record.getBuildkitVersion().getVersion().isEmpty()
            ? Optional.of(record.getBuildkitVersion().getVersion())
            : Optional.empty();
    return new WorkerInfo(record.getID(), platforms, new TreeMap<>(record.getLabelsMap()), version);
  }

  static String platform(Platform platform) {
    String base = platform.getOS() + "/" + platform.getArchitecture();
    return platform.getVariant().isEmpty() ? base : base + "/" + platform.getVariant();
  }
}
