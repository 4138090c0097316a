package io.deploymcp.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resident set size of a process, from Linux's /proc (absent elsewhere). */
final class ProcessMemory {
  private ProcessMemory() {}

  /** VmRSS in MiB. */
  static Optional<Long> rssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return Optional.of(kib / 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or the process is gone: the banner simply leaves the figure out.
    }
    return Optional.empty();
  }
}
