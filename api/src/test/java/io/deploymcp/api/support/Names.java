package io.deploymcp.api.support;

import java.util.concurrent.atomic.AtomicInteger;

/** Unique, valid service names per test, so tests sharing one database never collide. */
public final class Names {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

  private Names() {}

  public static String unique(String stem) {
    return stem + "-" + RUN + "-" + NEXT.incrementAndGet();
  }
}
