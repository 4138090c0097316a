package io.deploymcp.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog's side of the limits: what the supervising thread sees on each tick. */
class CheckoutGuardTest {
  @TempDir Path gitDir;

  private CheckoutGuard guard(Duration timeout, long maxBytes) {
    return new CheckoutGuard(System.nanoTime(), new CheckoutLimits(timeout, maxBytes, SubmodulePolicy.SKIP));
  }

  @Test
  void aDownloadGrowingPastTheLimitIsABreach() throws IOException {
    CheckoutGuard guard = guard(Duration.ofMinutes(1), 1000);
    Path pack = Files.createDirectories(gitDir.resolve("objects/pack")).resolve("incoming.pack");
    Files.write(pack, new byte[600]);
    guard.watchDownload(gitDir);
    assertThat(guard.breach()).isNull();

    Files.write(pack, new byte[1500]);

    CheckoutException breach = guard.breach();
    assertThat(breach.code()).isEqualTo(CheckoutFailure.CHECKOUT_TOO_LARGE);
    assertThat(breach.getMessage()).contains("limit of 1000 bytes");
    guard.watchDownload(null);
    assertThat(guard.breach()).as("only the repository being fetched is watched").isNull();
  }

  @Test
  void passingTheDeadlineIsATimeoutAndCancelsJGit() throws InterruptedException {
    CheckoutGuard guard = guard(Duration.ofMillis(50), 1000);
    assertThat(guard.isCancelled()).isFalse();

    Thread.sleep(80);

    assertThat(guard.breach().code()).isEqualTo(CheckoutFailure.CLONE_TIMEOUT);
    assertThat(guard.isCancelled()).isTrue();
    assertThat(guard.remainingSeconds()).as("never 0, which JGit reads as no timeout").isEqualTo(1);
  }

  @Test
  void checkedOutBytesAddUpAcrossRepositories() {
    CheckoutGuard guard = guard(Duration.ofMinutes(1), 1000);
    guard.addCheckedOut(600, "the repository");

    CheckoutException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        CheckoutException.class, () -> guard.addCheckedOut(500, "submodule 'lib'"));

    assertThat(e.code()).isEqualTo(CheckoutFailure.CHECKOUT_TOO_LARGE);
    assertThat(e.getMessage()).contains("submodule 'lib' would check out 1100 bytes");
  }
}
