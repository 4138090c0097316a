package io.deploymcp.local;

import java.io.PrintStream;
import java.time.Duration;

/** The launcher's stdout: children's lines prefixed with their name, never interleaved mid-line. */
final class Console {
  private final PrintStream out;
  private volatile long lastChildLine = System.nanoTime();

  Console(PrintStream out) {
    this.out = out;
  }

  /** A line of the launcher's own. */
  void say(String line) {
    print("[local] " + line);
  }

  void child(String name, String line) {
    lastChildLine = System.nanoTime();
    print("[" + name + "] " + line);
  }

  /**
   * Waits until the children have printed nothing for {@code quiet} (at most {@code max}), so
   * their start-up reports come before the banner instead of right under it.
   */
  void awaitQuiet(Duration quiet, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline && System.nanoTime() - lastChildLine < quiet.toNanos()) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  synchronized void print(String text) {
    out.println(text);
    out.flush();
  }
}
