package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;

/** The GitHub App installation that may read a service's repository. */
public record GithubInstallationId(long value) {
  public static final String FIELD = "github_installation_id";

  public GithubInstallationId {
    if (value < 1) {
      throw new ValidationException(
          ProblemCode.INVALID_INSTALLATION_ID, FIELD, FIELD + " " + value + " is not a positive integer");
    }
  }

  /** Null stays null: the service has no installation (a public repo, or Gitea). */
  public static GithubInstallationId ofNullable(Long raw) {
    return raw == null ? null : new GithubInstallationId(raw);
  }
}
