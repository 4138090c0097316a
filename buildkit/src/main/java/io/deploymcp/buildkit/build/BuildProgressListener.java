package io.deploymcp.buildkit.build;

/**
 * Receives a build's progress as it happens. Called from one gRPC thread at a time, in order;
 * implementations should return quickly (store the line, heartbeat) and must not throw.
 */
public interface BuildProgressListener {
  BuildProgressListener NONE = line -> {};

  /** A line of the build log (step started, CACHED, output, DONE, ERROR). */
  void onLine(BuildLogLine line);

  /**
   * A short summary of where the build is, e.g. {@code #7 [3/5] RUN npm ci (12s); 4 steps done, 2 cached},
   * whenever it changes; suitable as a Temporal heartbeat detail.
   */
  default void onStatus(String status) {}
}
