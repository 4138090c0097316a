package io.deploymcp.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.worker.support.ThrownFailure;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.CheckoutResult;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BuildActivitiesImplTest {
  private static final CheckoutResult SOURCE =
      new CheckoutResult("3f786850e387550fdab836ed7e6dc881de23001b", null);

  private static ThrownFailure build(String buildkitHost) {
    var activities = new BuildActivitiesImpl(new PlatformSettings(buildkitHost, null, null, null, false));
    return ThrownFailure.of(() -> activities.buildAndPush(UUID.randomUUID(), SOURCE));
  }

  @Test
  void withoutBuildkitFailsPermanentlyWithAHintNamingTheVariable() {
    for (String unset : new String[] {null, "", "  "}) {
      ThrownFailure failure = build(unset);

      assertThat(failure.code()).isEqualTo(FailureCodes.BUILDKIT_NOT_CONFIGURED);
      assertThat(failure.nonRetryable()).isTrue();
      assertThat(failure.message()).isEqualTo("no BuildKit is configured");
      assertThat(failure.hint()).contains("BUILDKIT_HOST").contains("redeploy");
    }
  }

  @Test
  void withBuildkitSaysTheBuilderIsNotPartOfThisReleaseInsteadOfPretending() {
    ThrownFailure failure = build("tcp://127.0.0.1:1234");

    assertThat(failure.code()).isEqualTo(WorkerFailureCodes.BUILD_NOT_IMPLEMENTED);
    assertThat(failure.nonRetryable()).isTrue();
  }
}
