package io.deploymcp.local.fake;

/** Stands in for the worker in launcher tests: logs a Spring-Boot-style start line, then idles. */
public final class FakeWorker {
  private FakeWorker() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("Started FakeWorker in 0.1 seconds (temporal " + System.getenv("TEMPORAL_ADDRESS") + ")");
    FakeExit.afterConfiguredDelay("FAKE_WORKER_EXIT_AFTER_MS", 7);
    Thread.sleep(Long.MAX_VALUE);
  }
}
