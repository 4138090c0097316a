package io.deploymcp.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.env.ServiceEnv;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What a build records on its deployment, and the build skip's respect for registry garbage collection. */
class BuildInputsRepositoryTest {
  private final JdbcClient db = TestDatabase.jdbc();
  private final BuildInputsRepository inputs =
      new BuildInputsRepository(db, new ServiceEnv(db, new SecretKeyHolder("")), TestDatabase.dataSource());
  private final Fixtures fixtures = new Fixtures();

  private UUID deployment() {
    UUID tenant = fixtures.tenant();
    return fixtures.deployment(tenant, fixtures.service(tenant, "https://git.example.com/a.git", "main"), "production", "main");
  }

  private static String image() {
    String hex = (UUID.randomUUID() + "" + UUID.randomUUID()).replace("-", "");
    return "registry.internal:5000/dp-t-p/svc@sha256:" + hex;
  }

  private void collect(String image) {
    UUID run = UUID.randomUUID();
    db.sql("insert into registry_gc_runs (id, keep_last, expires_at) values (:id, 2, now() + interval '1 minute')")
        .param("id", run).update();
    db.sql("update registry_gc_runs set ended_at = now() where id = :id").param("id", run).update();
    db.sql("insert into registry_gc_collected (repository, digest, run_id) values ('dp-t-p/svc', :d, :r)")
        .param("d", image.substring(image.indexOf('@') + 1)).param("r", run).update();
  }

  private String imageOf(UUID deployment) {
    return db.sql("select image_ref from deployments where id = :id").param("id", deployment)
        .query(String.class).optional().orElse(null);
  }

  @Test
  void theBuildSkipReusesAnImageThatWasNotCollected() {
    UUID deployment = deployment();
    String image = image();

    assertThat(inputs.recordReusedImage(deployment, image, "cfg")).isTrue();
    assertThat(imageOf(deployment)).isEqualTo(image);
  }

  @Test
  void theBuildSkipDoesNotReuseAnImageRegistryGarbageCollectionWasGranted() {
    UUID deployment = deployment();
    String image = image();
    collect(image);

    assertThat(inputs.recordReusedImage(deployment, image, "cfg")).isFalse();
    assertThat(imageOf(deployment)).isNull();
  }

  @Test
  void aFreshPushOfACollectedDigestMakesItAvailableAgain() {
    UUID deployment = deployment();
    String image = image();
    collect(image);

    inputs.recordBuiltImage(deployment, image, "cfg");

    assertThat(imageOf(deployment)).isEqualTo(image);
    assertThat(db.sql("select count(*) from registry_gc_collected where digest = :d")
        .param("d", image.substring(image.indexOf('@') + 1)).query(Long.class).single()).isZero();
    assertThat(inputs.recordReusedImage(deployment(), image, "cfg")).isTrue();
  }
}
