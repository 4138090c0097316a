package io.deploymcp.api.auth;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link AuthFilter} before any resource runs. */
@RequestScoped
public class CallerContext {
  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  /** The caller; a resource reached without authentication is a bug, reported as 401. */
  public Caller get() {
    if (caller == null) {
      throw new ApiProblem(ProblemCode.UNAUTHENTICATED, "No API key on this request");
    }
    return caller;
  }

  public boolean isSet() {
    return caller != null;
  }
}
