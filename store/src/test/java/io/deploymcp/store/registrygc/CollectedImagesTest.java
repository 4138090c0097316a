package io.deploymcp.store.registrygc;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Grants of a run, and the lock claims and launches of an existing image share. */
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
  void claimsHoldOffLaunchesAndLaunchesHoldOffClaimsButNotEachOther() throws Exception {
    try (Connection claim = TestDatabase.dataSource().getConnection()) {
      claim.setAutoCommit(false);
      CollectedImages.lockForClaims(claim);
      CompletableFuture<Void> launch = lockAsync(false);
      Thread.sleep(300);
      assertThat(launch).as("a launch waits for the claims").isNotDone();
      claim.commit();
      launch.get(5, TimeUnit.SECONDS);
    }
    try (Connection launch = TestDatabase.dataSource().getConnection()) {
      launch.setAutoCommit(false);
      CollectedImages.lockForUse(launch);
      lockAsync(false).get(5, TimeUnit.SECONDS);
      CompletableFuture<Void> claims = lockAsync(true);
      Thread.sleep(300);
      assertThat(claims).as("claims wait for a launch under way").isNotDone();
      launch.commit();
      claims.get(5, TimeUnit.SECONDS);
    }
  }

  private static CompletableFuture<Void> lockAsync(boolean forClaims) {
    return CompletableFuture.runAsync(() -> {
      try (Connection c = TestDatabase.dataSource().getConnection()) {
        c.setAutoCommit(false);
        if (forClaims) {
          CollectedImages.lockForClaims(c);
        } else {
          CollectedImages.lockForUse(c);
        }
        c.commit();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }, Thread::startVirtualThread);
  }
}
