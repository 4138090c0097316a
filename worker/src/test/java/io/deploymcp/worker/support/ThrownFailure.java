package io.deploymcp.worker.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.workflows.activities.FailureDetail;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What an activity threw, as the workflow will see it: code, retryability, message, hint. */
public record ThrownFailure(String code, boolean nonRetryable, String message, String hint) {

  public static ThrownFailure of(ThrowingCallable call) {
    AtomicReference<ApplicationFailure> caught = new AtomicReference<>();
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(ApplicationFailure.class, caught::set);
    ApplicationFailure failure = caught.get();
    String hint =
        failure.getDetails().getSize() > 0
            ? failure.getDetails().get(0, FailureDetail.class).hint()
            : null;
    return new ThrownFailure(
        failure.getType(), failure.isNonRetryable(), failure.getOriginalMessage(), hint);
  }
}
