package io.deploymcp.store.registrygc;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Grants of a run, and the per-image lock a claim and a launch of the same image share. */
class CollectedImagesTest {
  private static ImageDigestRef image() {
    String hex = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    return new ImageDigestRef("dp-t-p/svc", "sha256:" + hex);
  }

  private static UUID run() {
    UUID id = UUID.randomUUID();
    TestDatabase.update(
        "insert into registry_gc_runs (id, keep_last, expires_at, ended_at) values (?, 2, now() + interval '1 minute', now())", id);
    return id;
  }

  @Test
  void aGrantIsRecordedOnceAndForgottenWhenTheImageIsPushedAgain() throws SQLException {
    ImageDigestRef image = image();
    UUID first = run();
    UUID second = run();
    try (Connection c = TestDatabase.dataSource().getConnection()) {
      assertThat(CollectedImages.isCollected(c, image)).isFalse();
      CollectedImages.record(c, first, image);
      CollectedImages.record(c, second, image);
      assertThat(CollectedImages.isCollected(c, image)).isTrue();
      assertThat(CollectedImages.isCollected(c, new ImageDigestRef("dp-t-p/other", image.digest())))
          .as("the same digest in another repository").isFalse();
      assertThat(TestDatabase.count("select count(*) from registry_gc_collected where digest = ? and run_id = ?",
          image.digest(), second)).isEqualTo(1);

      CollectedImages.forget(c, image);
      assertThat(CollectedImages.isCollected(c, image)).isFalse();
    }
  }

  @Test
  void theImageLockHoldsOffAnotherTransactionOfTheSameImageOnly() throws Exception {
    ImageDigestRef image = image();
    try (Connection claim = TestDatabase.dataSource().getConnection()) {
      claim.setAutoCommit(false);
      CollectedImages.lock(claim, image);

      CompletableFuture<Void> other = lockAsync(image());
      other.get(5, TimeUnit.SECONDS);
      CompletableFuture<Void> same = lockAsync(image);
      Thread.sleep(300);
      assertThat(same).as("the same image waits").isNotDone();

      claim.commit();
      same.get(5, TimeUnit.SECONDS);
    }
  }

  private static CompletableFuture<Void> lockAsync(ImageDigestRef image) {
    return CompletableFuture.runAsync(() -> {
      try (Connection c = TestDatabase.dataSource().getConnection()) {
        c.setAutoCommit(false);
        CollectedImages.lock(c, image);
        c.commit();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
