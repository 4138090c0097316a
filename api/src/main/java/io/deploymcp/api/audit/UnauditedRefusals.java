package io.deploymcp.api.audit;

import io.deploymcp.api.problem.ProblemCode;
import java.util.EnumSet;
import java.util.Set;

/**
 * Refusals no audit entry records: the request's own bytes were broken (a control character,
 * bad percent-encoding, a key twice in a JSON object), so it named no action to record, and
 * what it did carry may not even fit the log (jsonb refuses U+0000); or admission control shed
 * it before it did anything (DeployAdmission), where an entry per refusal would add a commit to
 * the very load being shed (the metric {@code dp.admission.refused} counts them). Every other
 * refusal of an audited call is recorded as rejected.
 */
public final class UnauditedRefusals {
  private static final Set<ProblemCode> CODES =
      EnumSet.of(
          ProblemCode.CONTROL_CHARACTER, ProblemCode.INVALID_ENCODING, ProblemCode.DUPLICATE_JSON_KEY,
          ProblemCode.WRITES_OVERLOADED, ProblemCode.DEPLOY_BACKLOG_FULL);

  private UnauditedRefusals() {}

  public static boolean covers(String code) {
    return code != null && CODES.stream().anyMatch(c -> c.name().equals(code));
  }
}
