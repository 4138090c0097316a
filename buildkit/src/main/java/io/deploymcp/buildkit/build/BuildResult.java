package io.deploymcp.buildkit.build;

import io.deploymcp.buildkit.filesync.FileTransfer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A finished build.
 *
 * @param ref the build's id at the daemon (SolveRequest.Ref)
 * @param exporterResponse what the exporter reported, e.g. {@code containerimage.digest}
 * @param imageDigest {@code containerimage.digest} when reported. With {@code moby} on the Docker
 *     engine it is the image's config digest (the image id), not a registry manifest digest;
 *     with {@code image,push=true} on buildkitd it is the manifest digest in the registry.
 * @param steps steps (vertices) the build ran or took from the cache
 * @param cachedSteps how many of them came from the cache
 * @param transfers per synced directory: entries walked, files the daemon asked for, bytes sent
 */
public record BuildResult(
    String ref,
    Map<String, String> exporterResponse,
    Optional<String> imageDigest,
    int steps,
    int cachedSteps,
    List<FileTransfer> transfers,
    Duration duration) {

  public BuildResult {
    exporterResponse = Map.copyOf(exporterResponse);
    transfers = List.copyOf(transfers);
  }

  /** The transfer of one synced directory ({@code context} or {@code dockerfile}). */
  public FileTransfer transfer(String dir) {
    return transfers.stream().filter(t -> t.dir().equals(dir)).findFirst()
        .orElse(new FileTransfer(dir, 0, 0, 0, 0));
  }
}
