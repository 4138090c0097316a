package io.deploymcp.worker.checkout;

import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.SecretRedactor;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.CheckoutActivities;
import io.deploymcp.workflows.activities.CheckoutResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Resolves the commit a deployment builds: reads the repository and ref from the database,
 * asks the remote for its refs (with the tenant's token for that host, if one is stored) and
 * pins the commit. Issue 4 adds the shallow clone into a workspace; until then the result
 * carries no workspace.
 */
@Component("checkoutActivities")
public class CheckoutActivitiesImpl implements CheckoutActivities {
  private static final Logger log = LoggerFactory.getLogger(CheckoutActivitiesImpl.class);
  private static final int GIT_TIMEOUT_SECONDS = 20;

  private final JdbcClient db;
  private final RepoPolicy policy;
  private final GitCredentialStore credentials;

  public CheckoutActivitiesImpl(
      JdbcClient db, PlatformSettings settings, GitCredentialStore credentials) {
    this.db = db;
    this.policy = new RepoPolicy(settings.allowLocalRepos());
    this.credentials = credentials;
  }

  @Override
  public CheckoutResult checkout(UUID deploymentId) {
    DeploymentSource source = load(deploymentId);
    if (source.serviceDeleted()) {
      throw ActivityFailures.permanent(
          FailureCodes.SERVICE_GONE,
          "the service was deleted",
          "Nothing to deploy: create the service again first.");
    }
    RepoLocation location = policy.check(source.repo());
    Optional<GitCredential> credential =
        location.credentialHost() == null
            ? Optional.empty()
            : credentials.find(source.tenantId(), location.credentialHost());
    List<String> secrets = new ArrayList<>();
    credential.ifPresent(c -> secrets.add(c.token()));

    Collection<Ref> refs = listRefs(location, credential, secrets);
    String sha = RefResolver.resolve(source.ref(), refs);
    log.info(
        "deployment {}: {} at {} is {}",
        deploymentId,
        SecretRedactor.redact(source.repo(), secrets),
        source.ref(),
        sha);
    return new CheckoutResult(sha, null);
  }

  private Collection<Ref> listRefs(
      RepoLocation location, Optional<GitCredential> credential, List<String> secrets) {
    LsRemoteCommand command =
        Git.lsRemoteRepository().setRemote(location.uri().toString()).setTimeout(GIT_TIMEOUT_SECONDS);
    credential.ifPresent(
        c -> command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(c.username(), c.token())));
    try {
      return command.call();
    } catch (Exception e) {
      RuntimeException failure = GitFailures.classify(e, secrets);
      log.info("ls-remote failed: {}", failure.getMessage());
      throw failure;
    }
  }

  private DeploymentSource load(UUID deploymentId) {
    return db.sql(
            """
            select s.tenant_id, s.repo, coalesce(nullif(d.requested_ref, ''), s.branch) as ref,
                   s.deleted_at is not null as deleted
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
                    rs.getBoolean("deleted")))
        .optional()
        .orElseThrow(
            () ->
                ActivityFailures.transientFailure(
                    WorkerFailureCodes.DEPLOYMENT_NOT_FOUND,
                    "deployment " + deploymentId + " does not exist",
                    "Deploy again; if it keeps happening, the API and worker use different"
                        + " databases (check DP_DATABASE_URL on both)."));
  }
}
