package io.deploymcp.worker.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.config.CheckoutSettings;
import io.deploymcp.worker.config.PlatformSettings;
import java.nio.file.Files;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.SmartHttpGitServer;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.worker.support.ThrownFailure;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.CheckoutResult;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkout activity against real repositories: on disk, and private over smart HTTP. */
class CheckoutActivitiesImplTest {
  private static final String KEY = SecretCipher.newBase64Key();
  private static final String TOKEN = "tok_" + UUID.randomUUID().toString().replace("-", "");

  @TempDir Path tmp;
  private final Fixtures fixtures = new Fixtures();
  private final UUID tenant = fixtures.tenant();

  @TempDir static Path workspaces;

  private static CheckoutActivitiesImpl checkout(boolean allowLocalRepos, String secretKey) {
    SecretKeyHolder key = new SecretKeyHolder(secretKey);
    CheckoutSettings settings =
        new CheckoutSettings(
            workspaces, Duration.ofSeconds(30), DataSize.ofMegabytes(50), null, null,
            "https://api.github.com", "github.com");
    return new CheckoutActivitiesImpl(
        TestDatabase.jdbc(),
        new PlatformSettings(null, null, null, null, allowLocalRepos),
        settings,
        new GitCredentialStore(TestDatabase.jdbc(), key),
        new GitHubAppAccess(settings));
  }

  private final CheckoutActivitiesImpl checkout = checkout(true, KEY);

  private UUID deploymentOf(String repo, String branch, String requestedRef) {
    UUID service = fixtures.service(tenant, repo, branch);
    return fixtures.deployment(tenant, service, "production", requestedRef);
  }

  @Test
  void checksOutTheHeadOfTheServiceBranchIntoAWorkspaceNamedAfterTheDeployment() throws Exception {
    Path repo = GitRepos.withMain(tmp, "app");
    String head = GitRepos.commit(repo, "b.txt", "b", "second");
    UUID deployment = deploymentOf(GitRepos.fileUrl(repo), "main", "");

    CheckoutResult result = checkout.checkout(deployment);

    assertThat(result.commitSha()).isEqualTo(head);
    Path workspace = Path.of(result.workspace());
    assertThat(workspace).isEqualTo(workspaces.resolve(deployment.toString()));
    assertThat(Files.readString(workspace.resolve("b.txt"))).isEqualTo("b");
  }

  @Test
  void aRootDirThatIsNotInTheCommitIsRootDirNotFound() {
    Path repo = GitRepos.withMain(tmp, "app");
    UUID deployment = deploymentOf(GitRepos.fileUrl(repo), "main", "");
    TestDatabase.jdbc()
        .sql("update services set root_dir = 'apps/web' where id = (select service_id from deployments where id = :id)")
        .param("id", deployment)
        .update();

    ThrownFailure failure = ThrownFailure.of(() -> checkout.checkout(deployment));

    assertThat(failure.code()).isEqualTo(FailureCodes.ROOT_DIR_NOT_FOUND);
    assertThat(failure.nonRetryable()).isTrue();
    assertThat(workspaces.resolve(deployment.toString())).doesNotExist();
  }

  @Test
  void anInstallationIdWithoutAConfiguredGitHubAppIsRepoAuthFailedNamingTheVariables() {
    UUID deployment = deploymentOf("https://github.com/acme/app.git", "main", "");
    TestDatabase.jdbc()
        .sql("update services set github_installation_id = 42 where id = (select service_id from deployments where id = :id)")
        .param("id", deployment)
        .update();

    ThrownFailure failure = ThrownFailure.of(() -> checkout.checkout(deployment));

    assertThat(failure.code()).isEqualTo(FailureCodes.REPO_AUTH_FAILED);
    assertThat(failure.hint()).contains("GITHUB_APP_ID").contains("GITHUB_APP_PRIVATE_KEY");
  }

  @Test
  void resolvesARequestedBranchTagOrFullSha() {
    Path repo = GitRepos.withMain(tmp, "app");
    String first = GitRepos.head(repo, "main");
    GitRepos.branch(repo, "feature");
    String tagged = GitRepos.commit(repo, "c.txt", "c", "third");
    GitRepos.annotatedTag(repo, "v1.0.0");
    String url = GitRepos.fileUrl(repo);

    assertThat(checkout.checkout(deploymentOf(url, "main", "feature")).commitSha()).isEqualTo(first);
    assertThat(checkout.checkout(deploymentOf(url, "main", "v1.0.0")).commitSha()).isEqualTo(tagged);
    assertThat(checkout.checkout(deploymentOf(url, "main", "refs/heads/main")).commitSha())
        .isEqualTo(tagged);
    assertThat(checkout.checkout(deploymentOf(url, "main", first)).commitSha()).isEqualTo(first);
  }

  @Test
  void unknownBranchIsBranchNotFound() {
    Path repo = GitRepos.withMain(tmp, "app");

    ThrownFailure failure =
        ThrownFailure.of(() -> checkout.checkout(deploymentOf(GitRepos.fileUrl(repo), "nope", "")));

    assertThat(failure.code()).isEqualTo(FailureCodes.BRANCH_NOT_FOUND);
    assertThat(failure.nonRetryable()).isTrue();
    assertThat(failure.message()).contains("nope");
  }

  @Test
  void missingRepositoryIsRepoNotFound() {
    String url = tmp.resolve("does-not-exist").toUri().toString();

    ThrownFailure failure = ThrownFailure.of(() -> checkout.checkout(deploymentOf(url, "main", "")));

    assertThat(failure.code()).isEqualTo(FailureCodes.REPO_NOT_FOUND);
    assertThat(failure.nonRetryable()).isTrue();
  }

  @Test
  void localRepositoriesAreRefusedWithoutTheOptIn() {
    Path repo = GitRepos.withMain(tmp, "app");
    CheckoutActivitiesImpl strict = checkout(false, KEY);

    ThrownFailure file =
        ThrownFailure.of(() -> strict.checkout(deploymentOf(GitRepos.fileUrl(repo), "main", "")));
    ThrownFailure ssh =
        ThrownFailure.of(() -> strict.checkout(deploymentOf("ssh://git@example.com/a.git", "main", "")));

    assertThat(file.code()).isEqualTo(WorkerFailureCodes.REPO_NOT_ALLOWED);
    assertThat(file.nonRetryable()).isTrue();
    assertThat(file.hint()).contains("DP_ALLOW_LOCAL_REPOS=true");
    assertThat(ssh.code()).isEqualTo(WorkerFailureCodes.REPO_NOT_ALLOWED);
  }

  @Test
  void privateRepositoryIsReadWithTheStoredToken() throws Exception {
    Path repo = GitRepos.withMain(tmp, "app");
    fixtures.gitCredential(tenant, "127.0.0.1", "git", TOKEN, SecretCipher.fromBase64(KEY));
    try (SmartHttpGitServer server = new SmartHttpGitServer(repo, "git", TOKEN)) {

      CheckoutResult result = checkout.checkout(deploymentOf(server.url(), "main", ""));

      assertThat(result.commitSha()).isEqualTo(GitRepos.head(repo, "main"));
      assertThat(server.authorizedRequests()).isPositive();
    }
  }

  @Test
  void wrongTokenIsGitAuthFailedAndTheTokenIsNotInTheMessage() throws Exception {
    Path repo = GitRepos.withMain(tmp, "app");
    String wrong = "wrong_" + TOKEN;
    fixtures.gitCredential(tenant, "127.0.0.1", "git", wrong, SecretCipher.fromBase64(KEY));
    try (SmartHttpGitServer server = new SmartHttpGitServer(repo, "git", TOKEN)) {

      ThrownFailure failure =
          ThrownFailure.of(() -> checkout.checkout(deploymentOf(server.url(), "main", "")));

      assertThat(failure.code()).isEqualTo(FailureCodes.REPO_AUTH_FAILED);
      assertThat(failure.nonRetryable()).isTrue();
      assertThat(failure.message() + failure.hint()).doesNotContain(wrong).doesNotContain(TOKEN);
    }
  }

  @Test
  void privateRepositoryWithoutAStoredTokenIsGitAuthFailed() throws Exception {
    Path repo = GitRepos.withMain(tmp, "app");
    try (SmartHttpGitServer server = new SmartHttpGitServer(repo, "git", TOKEN)) {

      ThrownFailure failure =
          ThrownFailure.of(() -> checkout.checkout(deploymentOf(server.url(), "main", "")));

      assertThat(failure.code()).isEqualTo(FailureCodes.REPO_AUTH_FAILED);
      assertThat(failure.hint()).contains("token");
    }
  }

  @Test
  void aStoredTokenWithoutTheSecretKeyIsGitAuthFailedNamingTheVariable() throws Exception {
    Path repo = GitRepos.withMain(tmp, "app");
    fixtures.gitCredential(tenant, "127.0.0.1", "git", TOKEN, SecretCipher.fromBase64(KEY));
    try (SmartHttpGitServer server = new SmartHttpGitServer(repo, "git", TOKEN)) {
      UUID deployment = deploymentOf(server.url(), "main", "");

      ThrownFailure noKey = ThrownFailure.of(() -> checkout(true, "").checkout(deployment));
      ThrownFailure otherKey =
          ThrownFailure.of(() -> checkout(true, SecretCipher.newBase64Key()).checkout(deployment));

      assertThat(noKey.code()).isEqualTo(FailureCodes.REPO_AUTH_FAILED);
      assertThat(noKey.nonRetryable()).isTrue();
      assertThat(noKey.message()).contains("DP_SECRET_KEY is not set");
      assertThat(otherKey.code()).isEqualTo(FailureCodes.REPO_AUTH_FAILED);
      assertThat(otherKey.hint()).contains("DP_SECRET_KEY");
      assertThat(server.authorizedRequests()).isZero();
    }
  }

  @Test
  void anUnreachableHostIsARetryableRepoUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    ThrownFailure failure =
        ThrownFailure.of(
            () ->
                checkout.checkout(
                    deploymentOf("http://127.0.0.1:" + closedPort + "/app.git", "main", "")));

    assertThat(failure.code()).isEqualTo(FailureCodes.REPO_UNREACHABLE);
    assertThat(failure.nonRetryable()).isFalse();
  }

  @Test
  void aRepoHostAtAnInternalAddressFailsTheDeployWithoutConnecting() throws Exception {
    // https is allowed anywhere by the URL rule; the address is what the checkout refuses.
    try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      String url = "https://127.0.0.1:" + listener.getLocalPort() + "/org/app.git";

      ThrownFailure failure = ThrownFailure.of(() -> checkout(false, KEY).checkout(deploymentOf(url, "main", "")));

      assertThat(failure.code()).isEqualTo(FailureCodes.REPO_ADDRESS_NOT_ALLOWED);
      assertThat(failure.nonRetryable()).isTrue();
      assertThat(failure.message()).contains("127.0.0.1").contains("did not connect");
      assertThat(failure.hint()).contains("public git host");
      // Not even a TCP connection reached the listener.
      listener.setSoTimeout(200);
      org.assertj.core.api.Assertions.assertThatThrownBy(listener::accept)
          .isInstanceOf(java.net.SocketTimeoutException.class);
    }
  }

  @Test
  void aDeletedServiceIsServiceGone() {
    Path repo = GitRepos.withMain(tmp, "app");
    UUID deployment = deploymentOf(GitRepos.fileUrl(repo), "main", "");
    TestDatabase.jdbc()
        .sql("update services set deleted_at = now() where id = (select service_id from deployments where id = :id)")
        .param("id", deployment)
        .update();

    ThrownFailure failure = ThrownFailure.of(() -> checkout.checkout(deployment));

    assertThat(failure.code()).isEqualTo(FailureCodes.SERVICE_GONE);
    assertThat(failure.nonRetryable()).isTrue();
  }
}
