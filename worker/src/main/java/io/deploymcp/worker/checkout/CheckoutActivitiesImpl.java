package io.deploymcp.worker.checkout;

import org.springframework.beans.factory.annotation.Autowired;
import io.deploymcp.worker.metrics.DeployMetrics;
import io.deploymcp.address.AddressPolicy;
import io.deploymcp.checkout.CheckedOutSource;
import io.deploymcp.checkout.CheckoutException;
import io.deploymcp.checkout.CheckoutLimits;
import io.deploymcp.checkout.CheckoutListener;
import io.deploymcp.checkout.CheckoutRequest;
import io.deploymcp.checkout.GitAuth;
import io.deploymcp.checkout.GitNetwork;
import io.deploymcp.checkout.SourceCheckout;
import io.deploymcp.checkout.SubmodulePolicy;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.CheckoutActivities;
import io.deploymcp.workflows.activities.CheckoutResult;
import io.deploymcp.worker.config.CheckoutSettings;
import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.temporal.ActivityHeartbeat;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks the deployment's commit out into a workspace on this host: reads the repository,
 * ref and root_dir from the database, gets a token for the repository's host (a GitHub App
 * installation token, minted here, or the tenant's stored token), and makes a shallow clone
 * that connects only to public addresses (loopback too with DP_ALLOW_LOCAL_REPOS).
 * Tokens live only inside this call: not in the result, the history or any message.
 */
@Component("checkoutActivities")
public class CheckoutActivitiesImpl implements CheckoutActivities {
  private static final Logger log = LoggerFactory.getLogger(CheckoutActivitiesImpl.class);

  private final JdbcClient db;
  private final RepoPolicy policy;
  private final GitCredentialStore credentials;
  private final GitHubAppAccess github;
  private final CheckoutSettings settings;
  private final SourceCheckout checkout;
  private final DeployMetrics metrics;

  /** Counts into a registry of its own: for tests that build the activities by hand. */
  public CheckoutActivitiesImpl(
      JdbcClient db,
      PlatformSettings platform,
      CheckoutSettings settings,
      GitCredentialStore credentials,
      GitHubAppAccess github) {
    this(db, platform, settings, credentials, github, DeployMetrics.unregistered());
  }

  @Autowired
  public CheckoutActivitiesImpl(
      JdbcClient db,
      PlatformSettings platform,
      CheckoutSettings settings,
      GitCredentialStore credentials,
      GitHubAppAccess github,
      DeployMetrics metrics) {
    this.db = db;
    this.metrics = metrics;
    this.policy = new RepoPolicy(platform.allowLocalRepos());
    // The API checked the repo's host when the service was created; DNS may answer otherwise
    // now, so the checkout checks every address it connects to against the same rule.
    this.checkout = new SourceCheckout(GitNetwork.of(AddressPolicy.of(platform.allowLocalRepos())));
    this.settings = settings;
    this.credentials = credentials;
    this.github = github;
  }

  @Override
  public CheckoutResult checkout(UUID deploymentId) {
    // The clone reports progress every second (how a cancel reaches it); the ticker also covers
    // the lookups before it (the repository's address check resolves its host).
    return metrics.timed(
        DeployMetrics.Phase.CLONE,
        () -> ActivityHeartbeat.during("checking out", () -> checkoutSource(deploymentId)));
  }

  private CheckoutResult checkoutSource(UUID deploymentId) {
    DeploymentSource source = load(deploymentId);
    if (source.serviceDeleted()) {
      throw ActivityFailures.permanent(
          FailureCodes.SERVICE_GONE,
          "the service was deleted",
          "Nothing to deploy: create the service again first.");
    }
    RepoLocation location = policy.check(source.repo());
    Optional<GitAuth> auth = authFor(source, location);
    CheckoutRequest request =
        new CheckoutRequest(
            location.uri(),
            source.ref(),
            source.rootDir(),
            auth,
            settings.workspaceDir(),
            deploymentId.toString(),
            new CheckoutLimits(
                settings.timeout(), settings.maxSize().toBytes(), SubmodulePolicy.SAME_HOST));
    try {
      CheckedOutSource out = checkout.checkout(request, heartbeats());
      log.info(
          "deployment {}: checked out {} at {} ({} bytes in {} ms)",
          deploymentId,
          source.ref(),
          out.commitSha(),
          out.bytes(),
          out.took().toMillis());
      return new CheckoutResult(out.commitSha(), out.workspace().toString());
    } catch (CheckoutException e) {
      // The checkout module redacts its messages; they carry no token.
      log.info("deployment {}: checkout failed: {} {}", deploymentId, e.code(), e.getMessage());
      String code = e.code().name();
      throw e.retryable()
          ? ActivityFailures.transientFailure(code, e.getMessage(), e.hint())
          : ActivityFailures.permanent(code, e.getMessage(), e.hint());
    }
  }

  /** Progress as heartbeats when running as an activity; direct calls (tests) have nobody to tell. */
  private static CheckoutListener heartbeats() {
    try {
      ActivityExecutionContext context = Activity.getExecutionContext();
      return context::heartbeat;
    } catch (IllegalStateException notAnActivity) {
      return CheckoutListener.NONE;
    }
  }

  private Optional<GitAuth> authFor(DeploymentSource source, RepoLocation location) {
    if (location.credentialHost() == null) {
      return Optional.empty();
    }
    if (source.githubInstallationId() != null
        && location.credentialHost().equals(github.host())) {
      return Optional.of(github.installationToken(source.githubInstallationId(), location));
    }
    return credentials
        .find(source.tenantId(), location.credentialHost())
        .map(c -> new GitAuth(c.username(), c.token()));
  }

  private DeploymentSource load(UUID deploymentId) {
    return db.sql(
            """
            select s.tenant_id, s.repo, coalesce(nullif(d.requested_ref, ''), s.branch) as ref,
                   s.root_dir, s.github_installation_id, s.deleted_at is not null as deleted
              from deployments d join services s on s.id = d.service_id
             where d.id = :id
            """)
        .param("id", deploymentId)
        .query(
            (rs, n) ->
                new DeploymentSource(
                    rs.getObject("tenant_id", UUID.class),
                    rs.getString("repo"),
                    rs.getString("ref"),
                    rs.getString("root_dir"),
                    rs.getObject("github_installation_id", Long.class),
                    rs.getBoolean("deleted")))
        .optional()
        .orElseThrow(
() -> ActivityFailures.deploymentNotFound(deploymentId));
  }
}
