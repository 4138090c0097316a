package io.deploymcp.lifeline;

/** A stand-in for the API or worker: watches its launcher, then idles until it is told to end. */
public final class LifelineChild {
  static final int EXIT_CODE = 42;

  private LifelineChild() {}

  public static void main(String[] args) throws InterruptedException {
    LauncherLifeline.watch(System.getenv(), () -> System.exit(EXIT_CODE));
    Thread.sleep(120_000);
    System.exit(1);
  }
}
