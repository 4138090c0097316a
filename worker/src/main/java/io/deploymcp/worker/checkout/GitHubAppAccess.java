package io.deploymcp.worker.checkout;

import io.deploymcp.checkout.CheckoutException;
import io.deploymcp.checkout.GitAuth;
import io.deploymcp.checkout.github.GitHubAppTokens;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.worker.config.CheckoutSettings;
import io.deploymcp.worker.failure.ActivityFailures;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Installation tokens from the operator's GitHub App, for services that name an installation.
 * A token is minted per checkout, scoped to the one repository, and never stored.
 */
@Component
public class GitHubAppAccess {
  private final String host;
  private final Optional<GitHubAppTokens> tokens;

  public GitHubAppAccess(CheckoutSettings settings) {
    this.host = settings.githubHost() == null ? "github.com" : settings.githubHost().toLowerCase(Locale.ROOT);
    this.tokens =
        settings.hasGitHubApp()
            ? Optional.of(
                new GitHubAppTokens(
                    settings.githubAppId(),
                    settings.githubAppPrivateKey(),
                    URI.create(settings.githubApiUrl())))
            : Optional.empty();
  }

  /** The git host whose repositories use the App's tokens. */
  public String host() {
    return host;
  }

  public GitAuth installationToken(long installationId, RepoLocation location) {
    GitHubAppTokens app =
        tokens.orElseThrow(
            () ->
                ActivityFailures.permanent(
                    FailureCodes.REPO_AUTH_FAILED,
                    "the service names GitHub App installation "
                        + installationId
                        + " but this worker has no GitHub App configured",
                    "Set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY on the worker, or remove"
                        + " github_installation_id from the service and store a token instead."));
    try {
      return app.installationToken(installationId, repositoryName(location));
    } catch (CheckoutException e) {
      throw ActivityFailures.permanent(e.code().name(), e.getMessage(), e.hint());
    }
  }

  /** {@code https://github.com/acme/api.git} → {@code [api]}: the token reads only that repo. */
  private static List<String> repositoryName(RepoLocation location) {
    String path = location.uri().getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    String name = last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
    return name.isEmpty() ? List.of() : List.of(name);
  }
}
