package io.deploymcp.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.logs.PostgresLogStore;
import io.deploymcp.worker.config.BuildSettings;
import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.worker.support.ThrownFailure;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.CheckoutResult;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Configuration errors: each fails permanently before anything is read or built. */
class BuildActivitiesImplTest {
  private static final CheckoutResult SOURCE =
      new CheckoutResult("3f786850e387550fdab836ed7e6dc881de23001b", "/nonexistent");

  private static ThrownFailure build(String buildkitHost, String registryHost) {
    PlatformSettings platform = new PlatformSettings(buildkitHost, registryHost, null, null, false);
    BuildSettings settings = new BuildSettings(Duration.ofMinutes(1), Duration.ofMinutes(1), null, null, false, 100);
    SecretKeyHolder keys = new SecretKeyHolder("");
    var activities =
        new BuildActivitiesImpl(
            new BuildEnvironment(platform, settings, keys, Map.of()),
            new BuildInputsRepository(TestDatabase.jdbc(), keys),
            new PostgresLogStore(TestDatabase.dataSource(), 100, 1000));
    // A deployment id that does not exist: a check that passed would fail on it instead.
    return ThrownFailure.of(() -> activities.buildAndPush(UUID.randomUUID(), SOURCE));
  }

  @Test
  void withoutBuildkitFailsPermanentlyWithAHintNamingTheVariable() {
    for (String unset : new String[] {null, "", "  "}) {
      ThrownFailure failure = build(unset, "127.0.0.1:5000");

      assertThat(failure.code()).isEqualTo(FailureCodes.BUILDKIT_NOT_CONFIGURED);
      assertThat(failure.nonRetryable()).isTrue();
      assertThat(failure.message()).isEqualTo("no BuildKit is configured");
      assertThat(failure.hint()).contains("BUILDKIT_HOST").contains("redeploy");
    }
  }

  @Test
  void withoutARegistryFailsPermanentlyWithAHintNamingTheVariable() {
    ThrownFailure failure = build("docker://", null);

    assertThat(failure.code()).isEqualTo(FailureCodes.REGISTRY_NOT_CONFIGURED);
    assertThat(failure.nonRetryable()).isTrue();
    assertThat(failure.hint()).contains("REGISTRY_HOST");
  }

  @Test
  void unusableAddressesAreBuildConfigInvalidWithoutEchoingTheValue() {
    ThrownFailure badScheme = build("ftp://user:pw@host", "127.0.0.1:5000");
    ThrownFailure badRegistry = build("docker://", "not a host");

    assertThat(badScheme.code()).isEqualTo(WorkerFailureCodes.BUILD_CONFIG_INVALID);
    assertThat(badScheme.nonRetryable()).isTrue();
    assertThat(badScheme.message()).doesNotContain("pw");
    assertThat(badRegistry.code()).isEqualTo(WorkerFailureCodes.BUILD_CONFIG_INVALID);
  }
}
