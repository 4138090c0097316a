package io.deploymcp.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.SmartHttpGitServer;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Deploys a private repository (token stored encrypted, sent by the checkout over HTTP) of a
 * service with a secret env value, then searches the whole workflow history and everything
 * the process logged for either secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretScanTest {
  private static final String KEY = SecretCipher.newBase64Key();
  private static final String TOKEN = "ghp_" + UUID.randomUUID().toString().replace("-", "");
  private static final String WRONG_TOKEN = "ghp_" + UUID.randomUUID().toString().replace("-", "");
  private static final String ENV_VALUE = "env-secret-" + UUID.randomUUID();

  @TempDir Path tmp;
  private final Fixtures fixtures = new Fixtures();

  @Test
  void neitherTheGitTokenNorAnEnvValueReachesHistoryLogsOrTheRecordedError(CapturedOutput output)
      throws Exception {
    Path repo = GitRepos.withMain(tmp, "app");
    SecretCipher cipher = SecretCipher.fromBase64(KEY);
    try (SmartHttpGitServer server = new SmartHttpGitServer(repo, "git", TOKEN);
        WorkerTestEnvironment worker = new WorkerTestEnvironment(KEY, tmp.resolve("no-token"))) {
      UUID tenant = fixtures.tenant();
      fixtures.gitCredential(tenant, "127.0.0.1", "git", TOKEN, cipher);
      UUID service = fixtures.service(tenant, server.url(), "main");
      fixtures.envVar(service, "DATABASE_PASSWORD", ENV_VALUE, cipher);
      UUID deployment = fixtures.deployment(tenant, service, "production", "main");

      // A second tenant stores a wrong token for the same host: the failure path must not leak.
      UUID otherTenant = fixtures.tenant();
      fixtures.gitCredential(otherTenant, "127.0.0.1", "git", WRONG_TOKEN, cipher);
      UUID otherService = fixtures.service(otherTenant, server.url(), "main");
      fixtures.envVar(otherService, "API_KEY", ENV_VALUE, cipher);
      UUID rejected = fixtures.deployment(otherTenant, otherService, "production", "main");

      DeployOutcome outcome = worker.deploy(tenant, service, deployment);
      DeployOutcome rejectedOutcome = worker.deploy(otherTenant, otherService, rejected);

      // The token was really used: the server only answers with it, and the commit is pinned.
      assertThat(server.authorizedRequests()).isPositive();
      assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILDKIT_NOT_CONFIGURED);
      String commit = GitRepos.head(repo, "main");
      assertThat(fixtures.row(deployment).commitSha()).isEqualTo(commit);
      assertThat(rejectedOutcome.errorCode()).isEqualTo(FailureCodes.REPO_AUTH_FAILED);

      for (UUID id : new UUID[] {deployment, rejected}) {
        WorkflowExecutionHistory history = worker.client().fetchHistory(WorkflowIds.deploy(id));
        String json = history.toJson(true);
        // Payloads are base64 in JSON; the text form shows their decoded bytes.
        StringBuilder decoded = new StringBuilder();
        for (HistoryEvent event : history.getEvents()) {
          decoded.append(TextFormat.printer().escapingNonAscii(false).printToString(event));
        }
        assertThat(json).contains("\"name\": \"Checkout\"");
        // Payloads are decoded in the text form: the deployment id is an activity argument.
        assertThat(decoded).contains(id.toString());
        assertNoSecrets(json);
        assertNoSecrets(decoded.toString());
        assertNoSecrets(fixtures.row(id).toString());
        if (id.equals(deployment)) {
          // The history docs/temporal.md shows ("A deploy's history"): the activities in order.
          assertThat(history.getEvents().stream().filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
              .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()).toList())
              .containsExactly("SupersedeOlder", "ClaimBuildHost", "EnterPhase", "Checkout", "RecordCommit",
                  "EnterPhase", "BuildAndPush", "RemoveWorkspace", "MarkFailed");
          // Proves the decoded form is searchable: the commit is inside an activity payload.
          assertThat(decoded).contains(commit);
        }
      }
      assertThat(output.getAll()).contains("REPO_AUTH_FAILED");
      assertNoSecrets(output.getAll());
    }
  }

  private static void assertNoSecrets(String text) {
    assertThat(text).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN).doesNotContain(ENV_VALUE);
  }

}
