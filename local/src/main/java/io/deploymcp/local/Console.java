package io.deploymcp.local;

import java.io.PrintStream;

/** The launcher's stdout: children's lines prefixed with their name, never interleaved mid-line. */
final class Console {
  private final PrintStream out;

  Console(PrintStream out) {
    this.out = out;
  }

  /** A line of the launcher's own. */
  void say(String line) {
    print("[local] " + line);
  }

  void child(String name, String line) {
    print("[" + name + "] " + line);
  }

  synchronized void print(String text) {
    out.println(text);
    out.flush();
  }
}
