package io.deploymcp.images;

import java.util.List;

/**
 * The JVM flags both images start with. JDK_JAVA_OPTIONS (the chart's optional override, read
 * by the java launcher itself) is applied after these, so it can change any of them.
 */
public final class JvmFlags {
  private JvmFlags() {}

  public static final List<String> COMMON =
      List.of(
          // Heap from the container's memory limit (cgroup aware since JDK 10), leaving a quarter
          // for metaspace, threads, direct buffers and the code cache.
          "-XX:MaxRAMPercentage=75",
          // An OutOfMemoryError leaves a JVM in an unknown state: exit, and let the orchestrator restart it.
          "-XX:+ExitOnOutOfMemoryError",
          // The root filesystem is read-only: everything the JVM writes goes to the /tmp mount.
          "-Djava.io.tmpdir=/tmp",
          "-XX:ErrorFile=/tmp/hs_err_pid%p.log",
          "-XX:HeapDumpPath=/tmp",
          // No writable home: JGit's and other libraries' per-user files land in /tmp too.
          "-Duser.home=/tmp",
          // gRPC's Netty loads its epoll library (JDK 22+ warns at every start without this;
          // JDK 21 accepts the option too).
          "--enable-native-access=ALL-UNNAMED");
}
