package io.deploymcp.worker.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.workflows.activities.FailureDetail;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What an activity threw, as the workflow will see it: code, retryability, message, hint, log tail. */
public record ThrownFailure(String code, boolean nonRetryable, String message, String hint, String logTail) {

  public static ThrownFailure of(ThrowingCallable call) {
    AtomicReference<ApplicationFailure> caught = new AtomicReference<>();
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(ApplicationFailure.class, caught::set);
    ApplicationFailure failure = caught.get();
    FailureDetail detail =
        failure.getDetails().getSize() > 0 ? failure.getDetails().get(0, FailureDetail.class) : null;
    return new ThrownFailure(
        failure.getType(),
        failure.isNonRetryable(),
        failure.getOriginalMessage(),
        detail == null ? null : detail.hint(),
        detail == null ? null : detail.logTail());
  }
}
