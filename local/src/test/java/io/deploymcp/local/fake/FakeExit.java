package io.deploymcp.local.fake;

/** Lets a test make a fake child crash: {@code <variable>=<ms>} exits with the given code. */
final class FakeExit {
  private FakeExit() {}

  static void afterConfiguredDelay(String variable, int code) throws InterruptedException {
    String delay = System.getenv(variable);
    if (delay != null) {
      Thread.sleep(Long.parseLong(delay));
      System.out.println("crashing on purpose");
      System.exit(code);
    }
  }
}
