package io.deploymcp.images;

import java.util.List;

/**
 * The JVM flags of both images.
 *
 * <p>The tunable ones go in the image's JAVA_TOOL_OPTIONS, not on the entrypoint: the JVM reads
 * JAVA_TOOL_OPTIONS first, then the command line, and the java launcher puts JDK_JAVA_OPTIONS (the
 * chart's optional override) in front of the command line; the last value of a flag wins. On the
 * entrypoint a default could not be overridden by JDK_JAVA_OPTIONS; in JAVA_TOOL_OPTIONS it can,
 * and setting JAVA_TOOL_OPTIONS itself replaces them all.
 */
public final class JvmFlags {
  private JvmFlags() {}

  /** The image's JAVA_TOOL_OPTIONS. */
  public static final List<String> TOOL_OPTIONS =
      List.of(
          // Heap from the container's memory limit (the JVM reads the cgroup limit), leaving a
          // quarter for metaspace, threads, direct buffers and the code cache.
          "-XX:MaxRAMPercentage=75",
          // An OutOfMemoryError leaves a JVM in an unknown state: exit, and let the orchestrator restart it.
          "-XX:+ExitOnOutOfMemoryError",
          // The root filesystem is read-only: everything the JVM writes goes to the /tmp mount.
          "-Djava.io.tmpdir=/tmp",
          "-XX:ErrorFile=/tmp/hs_err_pid%p.log",
          "-XX:HeapDumpPath=/tmp",
          // No writable home: JGit's and other libraries' per-user files land in /tmp too.
          "-Duser.home=/tmp");

  /** On the entrypoint, before the main jar or class: not a tunable. */
  public static final List<String> ENTRYPOINT =
      // gRPC's Netty loads its epoll library; JDK 22+ warns at every start without this (JDK 21
      // accepts the option too).
      List.of("--enable-native-access=ALL-UNNAMED");
}
