package io.deploymcp.api.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Hooks;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.WorkflowPayloads;
import io.deploymcp.api.support.Workflows;
import io.deploymcp.store.SecretCipher;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * §5 webhooks over real HTTP against real PostgreSQL and Temporal's test server: a verified
 * push deploys exactly its commit; everything else starts nothing (no row, no workflow).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class WebhookApiTest {
  private static final String IGNORED = "{\"status\":\"ignored\"}";

  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Workflows workflows;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
  }

  /** A service tracking a fresh repository, with a webhook secret; returns (name, repo, secret). */
  private record Hooked(String name, String repo, String secret, UUID id) {}

  private Hooked hooked(String key, Map<String, Object> extra) {
    String name = Names.unique("hook");
    String repo = "https://github.com/hooks/" + name;
    Map<String, Object> body = new HashMap<>(Map.of("name", name, "repo", repo));
    body.putAll(extra);
    Api.as(key).body(body).post("/v1/services").then().statusCode(202);
    String secret =
        Api.as(key).post("/v1/services/" + name + "/webhook-secret").then().statusCode(200).extract().path("secret");
    UUID id = (UUID) db.one("select id from services where name = ? and deleted_at is null", name);
    return new Hooked(name, repo, secret, id);
  }

  private Hooked hooked(Map<String, Object> extra) {
    return hooked(TestStack.BOOTSTRAP_KEY, extra);
  }

  private static String sha() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      out.append("0123456789abcdef".charAt(ThreadLocalRandom.current().nextInt(16)));
    }
    return out.toString();
  }

  private record Counts(long deployments, long deliveries, int workflows) {}

  private Counts counts() {
    return new Counts(
        db.count("select count(*) from deployments"),
        db.count("select count(*) from webhook_deliveries"),
        workflows.openCount());
  }

  private void assertNothingStarted(Counts before) {
    Counts after = counts();
    assertThat(after.deployments()).as("deployment rows").isEqualTo(before.deployments());
    assertThat(after.workflows()).as("open workflows").isEqualTo(before.workflows());
  }

  private long webhookDeployments(UUID serviceId) {
    return db.count("select count(*) from deployments where service_id = ? and trigger = 'webhook'", serviceId);
  }

  @Test
  void githubPushSignedWithTheServiceSecretDeploysThatCommit() throws Exception {
    Hooked s = hooked(Map.of());
    String after = sha();
    String body = Hooks.push(s.repo() + ".git", "main", after, List.of("src/app.js"), null);

    Response response = Hooks.githubPush(s.secret(), body);

    response.then().statusCode(202).body("status", equalTo("accepted")).body("deployment_ids", hasSize(1));
    UUID deploymentId = UUID.fromString(response.jsonPath().getString("deployment_ids[0]"));
    assertThat(db.one("select trigger from deployments where id = ?", deploymentId)).isEqualTo("webhook");
    assertThat(db.one("select requested_ref from deployments where id = ?", deploymentId)).isEqualTo(after);
    assertThat(db.one("select service_id from deployments where id = ?", deploymentId)).isEqualTo(s.id());
    var info = workflows.describe("deploy-" + deploymentId).orElseThrow().getWorkflowExecutionInfo();
    assertThat(WorkflowPayloads.strings(info.getMemo().getFieldsMap())).containsEntry("commit_requested", after);
    assertThat(db.one("select actor from audit_log where detail->>'deployment_id' = ?", deploymentId.toString()))
        .isEqualTo("webhook:github");
    Api.admin().get("/v1/deployments/" + deploymentId).then().statusCode(200)
        .body("trigger", equalTo("webhook")).body("requested_ref", equalTo(after)).body("build_skipped", nullValue());
  }

  @Test
  void giteaPushWithItsHexSignatureDeploys() {
    Hooked s = hooked(Map.of());
    String body = Hooks.push(s.repo() + ".git", "main", sha(), List.of("README.md"), null);

    Hooks.gitea("push", UUID.randomUUID().toString(), Hooks.hmac(s.secret(), body), body)
        .then().statusCode(202).body("status", equalTo("accepted"));

    assertThat(webhookDeployments(s.id())).isEqualTo(1);
  }

  @Test
  void repositoryUrlsMatchWhateverTheirCaseOrGitSuffix() {
    String name = Names.unique("hookcase");
    Api.admin().body(Map.of("name", name, "repo", "https://GitHub.com/Hooks/" + name + "/")).post("/v1/services")
        .then().statusCode(202);
    String secret = Api.admin().post("/v1/services/" + name + "/webhook-secret").then().extract().path("secret");
    String body = Hooks.push("https://github.com/hooks/" + name.toUpperCase() + ".git", "main", sha(), List.of("a"), null);

    Hooks.githubPush(secret, body).then().statusCode(202).body("status", equalTo("accepted"));
  }

  @Test
  void badOrMissingSignatureIs401AndStartsNothing() {
    Hooked s = hooked(Map.of());
    String body = Hooks.push(s.repo(), "main", sha(), List.of("a.js"), null);
    Counts before = counts();

    Hooks.github("push", UUID.randomUUID().toString(), "sha256=" + Hooks.hmac("wrong-secret-wrong-secret", body), body)
        .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
    Hooks.github("push", UUID.randomUUID().toString(), null, body)
        .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
    Hooks.github("push", UUID.randomUUID().toString(), "sha256=zz", body).then().statusCode(401);
    Hooks.github("push", UUID.randomUUID().toString(), Hooks.hmac(s.secret(), body), body) // no sha256= prefix
        .then().statusCode(401);
    // A body changed after signing.
    Hooks.github("push", UUID.randomUUID().toString(), "sha256=" + Hooks.hmac(s.secret(), body), body.replace("a.js", "b.js"))
        .then().statusCode(401);
    Hooks.gitea("push", UUID.randomUUID().toString(), Hooks.hmac("wrong-secret-wrong-secret", body), body)
        .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));

    assertNothingStarted(before);
    assertThat(counts().deliveries()).as("no delivery recorded before verification").isEqualTo(before.deliveries());
  }

  @Test
  void anotherServicesSecretDoesNotVouchForThisRepository() {
    Hooked mine = hooked(Map.of());
    Hooked other = hooked(Map.of());
    String body = Hooks.push(mine.repo(), "main", sha(), List.of("a.js"), null);
    Counts before = counts();

    Hooks.githubPush(other.secret(), body).then().statusCode(401);

    assertNothingStarted(before);
  }

  @Test
  void unknownRepositoryLooksExactlyLikeABadSignature() {
    Hooked known = hooked(Map.of());
    String knownBody = Hooks.push(known.repo(), "main", sha(), List.of("a"), null);
    String unknownBody = Hooks.push("https://github.com/nobody/" + Names.unique("nothing"), "main", sha(), List.of("a"), null);
    Counts before = counts();

    String forKnown = Hooks.gitea("push", "d-" + UUID.randomUUID(), Hooks.hmac("guess-guess-guess-guess", knownBody), knownBody)
        .then().statusCode(401).extract().asString();
    String forUnknown = Hooks.gitea("push", "d-" + UUID.randomUUID(), Hooks.hmac("guess-guess-guess-guess", unknownBody), unknownBody)
        .then().statusCode(401).extract().asString();

    assertThat(forUnknown).isEqualTo(forKnown);
    assertNothingStarted(before);
  }

  @Test
  void unknownRepositorySignedByTheGithubAppIsIgnoredWithTheCommonBody() {
    String body = Hooks.push("https://github.com/nobody/" + Names.unique("nothing"), "main", sha(), List.of("a"), 4242L);
    Counts before = counts();

    String answer = Hooks.githubPush(TestStack.GITHUB_APP_WEBHOOK_SECRET, body).then().statusCode(202).extract().asString();

    assertThat(answer).isEqualTo(IGNORED);
    assertNothingStarted(before);
  }

  @Test
  void githubAppSecretDeploysTheServicesOfItsInstallationOnly() {
    Hooked installed = hooked(Map.of("github_installation_id", 777001));
    Hooked otherInstallation = hooked(Map.of("github_installation_id", 777002));
    // Same repository as `installed`, but no installation: the App does not speak for it.
    String bystander = Names.unique("bystander");
    Api.admin().body(Map.of("name", bystander, "repo", installed.repo())).post("/v1/services").then().statusCode(202);
    UUID bystanderId = (UUID) db.one("select id from services where name = ? and deleted_at is null", bystander);

    String body = Hooks.push(installed.repo() + ".git", "main", sha(), List.of("x"), 777001L);
    Hooks.githubPush(TestStack.GITHUB_APP_WEBHOOK_SECRET, body).then().statusCode(202)
        .body("status", equalTo("accepted")).body("deployment_ids", hasSize(1));
    assertThat(webhookDeployments(installed.id())).isEqualTo(1);
    assertThat(webhookDeployments(bystanderId)).isZero();

    Counts before = counts();
    String wrongInstallation = Hooks.push(otherInstallation.repo(), "main", sha(), List.of("x"), 999L);
    assertThat(Hooks.githubPush(TestStack.GITHUB_APP_WEBHOOK_SECRET, wrongInstallation).then().statusCode(202).extract().asString())
        .isEqualTo(IGNORED);
    assertNothingStarted(before);
  }

  @Test
  void aRedeliveredDeliveryIdStartsNothingTheSecondTime() {
    Hooked s = hooked(Map.of());
    String body = Hooks.push(s.repo(), "main", sha(), List.of("a"), null);
    String signature = "sha256=" + Hooks.hmac(s.secret(), body);
    String delivery = UUID.randomUUID().toString();

    Hooks.github("push", delivery, signature, body).then().statusCode(202).body("status", equalTo("accepted"));
    Counts before = counts();
    String second = Hooks.github("push", delivery, signature, body).then().statusCode(202).extract().asString();

    assertThat(second).isEqualTo(IGNORED);
    assertNothingStarted(before);
    assertThat(webhookDeployments(s.id())).isEqualTo(1);
    assertThat(db.count("select count(*) from webhook_deliveries where provider = 'github' and delivery_id = ?", delivery)).isEqualTo(1);
    // The same id from the other provider is another delivery.
    Hooks.gitea("push", delivery, Hooks.hmac(s.secret(), body), body).then().statusCode(202).body("status", equalTo("accepted"));
  }

  @Test
  void onlyChangesUnderRootDirOrAWatchPathDeploy() {
    Hooked s = hooked(Map.of("root_dir", "apps/web", "watch_paths", List.of("libs/common")));
    Counts before = counts();

    for (List<String> untouched : List.of(List.of("docs/readme.md"), List.of("apps/webby/x.js", "libs/commonplace.ts"), List.<String>of())) {
      String body = Hooks.push(s.repo(), "main", sha(), untouched, null);
      assertThat(Hooks.githubPush(s.secret(), body).then().statusCode(202).extract().asString()).as("%s", untouched).isEqualTo(IGNORED);
    }
    assertNothingStarted(before);

    Hooks.githubPush(s.secret(), Hooks.push(s.repo(), "main", sha(), List.of("docs/x", "apps/web/index.js"), null))
        .then().statusCode(202).body("status", equalTo("accepted"));
    Hooks.githubPush(s.secret(), Hooks.push(s.repo(), "main", sha(), List.of("libs/common/util.ts"), null))
        .then().statusCode(202).body("status", equalTo("accepted"));
    assertThat(webhookDeployments(s.id())).isEqualTo(2);
  }

  @Test
  void removedFilesCountAsChanges() {
    Hooked s = hooked(Map.of("root_dir", "svc"));
    String after = sha();
    String body = "{\"ref\": \"refs/heads/main\", \"after\": \"" + after + "\", \"repository\": {\"clone_url\": \"" + s.repo()
        + "\"}, \"commits\": [{\"added\": [], \"modified\": [], \"removed\": [\"svc/old.py\"]}]}";
    Hooks.githubPush(s.secret(), body).then().statusCode(202).body("status", equalTo("accepted"));
  }

  @Test
  void otherBranchesTagsDeletionsAndOtherEventsAreIgnored() {
    Hooked s = hooked(Map.of());
    Counts before = counts();
    String otherBranch = Hooks.push(s.repo(), "feature-x", sha(), List.of("a"), null);
    String tag = Hooks.push(s.repo(), "main", sha(), List.of("a"), null).replace("refs/heads/main", "refs/tags/v1.0.0");
    String deleted = Hooks.push(s.repo(), "main", "0".repeat(40), List.of(), null).replace("\"deleted\": false", "\"deleted\": true");
    String ping = "{\"zen\": \"Keep it logically awesome.\", \"repository\": {\"clone_url\": \"" + s.repo() + ".git\"}}";

    for (String body : List.of(otherBranch, tag, deleted)) {
      assertThat(Hooks.githubPush(s.secret(), body).then().statusCode(202).extract().asString()).isEqualTo(IGNORED);
    }
    assertThat(Hooks.github("ping", UUID.randomUUID().toString(), "sha256=" + Hooks.hmac(s.secret(), ping), ping)
        .then().statusCode(202).extract().asString()).isEqualTo(IGNORED);
    // A push signed correctly but sent as another event is not a push.
    String push = Hooks.push(s.repo(), "main", sha(), List.of("a"), null);
    assertThat(Hooks.github("issues", UUID.randomUUID().toString(), "sha256=" + Hooks.hmac(s.secret(), push), push)
        .then().statusCode(202).extract().asString()).isEqualTo(IGNORED);

    assertNothingStarted(before);
  }

  @Test
  void githubFormEncodedDeliveriesAreUnderstood() throws Exception {
    Hooked s = hooked(Map.of());
    String json = Hooks.push(s.repo(), "main", sha(), List.of("a"), null);
    String form = "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);

    // Plain JDK client: the body must go out byte for byte as signed.
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/webhooks/github"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", "sha256=" + Hooks.hmac(s.secret(), form))
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("\"accepted\"");
  }

  @Test
  void verifiedDeliveryWithoutDeliveryIdIs400AndStartsNothing() {
    Hooked s = hooked(Map.of());
    String body = Hooks.push(s.repo(), "main", sha(), List.of("a"), null);
    Counts before = counts();

    Hooks.github("push", null, "sha256=" + Hooks.hmac(s.secret(), body), body)
        .then().statusCode(400).body("code", equalTo("INVALID_WEBHOOK"));

    assertNothingStarted(before);
  }

  @Test
  void eachTenantsSecretDeploysOnlyItsOwnServiceOfASharedRepository() {
    String otherKey = new Tenants(db).newTenantWithKey("hook-tenant-" + System.nanoTime(), "deploy");
    Hooked mine = hooked(Map.of());
    String theirs = Names.unique("theirs");
    Api.as(otherKey).body(Map.of("name", theirs, "repo", mine.repo())).post("/v1/services").then().statusCode(202);
    String theirSecret = Api.as(otherKey).post("/v1/services/" + theirs + "/webhook-secret").then().extract().path("secret");
    UUID theirId = (UUID) db.one("select id from services where name = ? and deleted_at is null", theirs);

    Hooks.githubPush(theirSecret, Hooks.push(mine.repo(), "main", sha(), List.of("a"), null))
        .then().statusCode(202).body("deployment_ids", hasSize(1));

    assertThat(webhookDeployments(theirId)).isEqualTo(1);
    assertThat(webhookDeployments(mine.id())).isZero();
  }

  @Test
  void webhookRequestsNeedNoApiKeyButOthersStillDo() {
    given().contentType("application/json").body("{}").post("/v1/webhooks/github").then().statusCode(401)
        .body("code", equalTo("INVALID_SIGNATURE"));
    given().get("/v1/services").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
  }

  @Test
  void postgresComputesTheSameRepositoryKeyAsJava() throws Exception {
    List<String> urls = List.of(
        "https://github.com/org/app", "https://GitHub.com/Org/App.git/", "https://h.example/a/b.git.git",
        "http://127.0.0.1:3000/o/r.git", "file:///srv/git/app.git", "https://h/o/r.github.io/", "https://h/o/r/.git");
    try (var c = dataSource.getConnection();
        var ps = c.prepareStatement("select " + RepoKey.SQL + " from (select ?::text as repo) s")) {
      for (String url : urls) {
        ps.setString(1, url);
        try (var rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getString(1)).as(url).isEqualTo(RepoKey.of(url));
        }
      }
    }
    assertThat(db.one("select indexdef from pg_indexes where indexname = 'services_repo_key'").toString())
        .contains("regexp_replace(repo", "WHERE (deleted_at IS NULL)");
  }

  @Test
  void theOpenApiDocumentShowsTheWebhooksWithoutApiKey() {
    var doc = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
    // [{}]: the one requirement is the empty one, i.e. no API key.
    assertThat(doc.getList("paths.'/v1/webhooks/github'.post.security", Map.class)).allMatch(Map::isEmpty);
    assertThat(doc.getList("paths.'/v1/webhooks/gitea'.post.security", Map.class)).allMatch(Map::isEmpty);
    assertThat(doc.getList("paths.'/v1/services'.post.security", Map.class)).noneMatch(Map::isEmpty);
    assertThat(doc.getMap("paths.'/v1/services/{name}/webhook-secret'")).containsKeys("post", "delete");
    assertThat(doc.getList("paths.'/v1/services/{name}/logs'.get.parameters.name", String.class))
        .contains("type", "deployment_id", "limit", "cursor");
    assertThat(doc.getMap("components.schemas.CreateServiceRequest.properties"))
        .containsKeys("dockerfile_path", "github_installation_id", "watch_paths", "env_plain");
    assertThat(doc.getMap("components.schemas.DeploymentView.properties")).containsKeys("trigger", "build_skipped");
  }

  // --- the secret endpoint ---

  @Test
  void secretIsShownOnceStoredEncryptedAndRotatable() {
    Hooked s = hooked(Map.of());
    assertThat(s.secret()).hasSize(64);
    byte[] stored = (byte[]) db.one("select webhook_secret_cipher from services where id = ?", s.id());
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(s.secret());
    assertThat(SecretCipher.fromBase64(TestStack.SECRET_KEY).decrypt(stored, "webhook:" + s.id())).isEqualTo(s.secret());
    String view = Api.admin().get("/v1/services/" + s.name()).then().statusCode(200)
        .body("webhook_secret_set", equalTo(true)).extract().asString();
    assertThat(view).doesNotContain(s.secret());

    String rotated = Api.admin().post("/v1/services/" + s.name() + "/webhook-secret").then().statusCode(200)
        .extract().path("secret");
    assertThat(rotated).isNotEqualTo(s.secret());
    String body = Hooks.push(s.repo(), "main", sha(), List.of("a"), null);
    Hooks.githubPush(s.secret(), body).then().statusCode(401);
    Hooks.githubPush(rotated, body).then().statusCode(202).body("status", equalTo("accepted"));
  }

  @Test
  void aChosenSecretWorksAndNeverReachesTheAuditLog() {
    Hooked s = hooked(Map.of());
    String chosen = "my-own-gitea-secret-" + UUID.randomUUID();
    Api.admin().body(Map.of("secret", chosen)).post("/v1/services/" + s.name() + "/webhook-secret")
        .then().statusCode(200).body("secret", equalTo(chosen))
        .body("endpoints", org.hamcrest.Matchers.contains("/v1/webhooks/github", "/v1/webhooks/gitea"));

    String body = Hooks.push(s.repo(), "main", sha(), List.of("a"), null);
    Hooks.gitea("push", UUID.randomUUID().toString(), Hooks.hmac(chosen, body), body).then().statusCode(202);
    assertThat(db.count("select count(*) from audit_log where detail::text like ?", "%" + chosen + "%")).isZero();
    assertThat(db.one("select outcome from audit_log where action = 'service.webhook_secret.set' and target = ? order by id desc limit 1",
        "services/" + s.name() + "/webhook-secret")).isEqualTo("accepted");
  }

  @Test
  void anIdempotentReplayDoesNotShowTheSecretAgain() {
    Hooked s = hooked(Map.of());
    String first = Api.admin().header("Idempotency-Key", "hook-" + s.name()).post("/v1/services/" + s.name() + "/webhook-secret")
        .then().statusCode(200).extract().path("secret");
    assertThat(first).isNotNull();
    Api.admin().header("Idempotency-Key", "hook-" + s.name()).post("/v1/services/" + s.name() + "/webhook-secret")
        .then().statusCode(200).header("Idempotent-Replayed", "true").body("secret", nullValue());
    assertThat(db.count("select count(*) from idempotency_keys where response_body like ?", "%" + first + "%")).isZero();
  }

  @Test
  void removingTheSecretStopsDeliveries() {
    Hooked s = hooked(Map.of());
    Api.admin().delete("/v1/services/" + s.name() + "/webhook-secret").then().statusCode(204);
    Api.admin().get("/v1/services/" + s.name()).then().body("webhook_secret_set", equalTo(false));
    Hooks.githubPush(s.secret(), Hooks.push(s.repo(), "main", sha(), List.of("a"), null)).then().statusCode(401);
    Api.admin().delete("/v1/services/" + s.name() + "/webhook-secret").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
  }

  @Test
  void secretEndpointRefusesBadInputAndReadOnlyKeys() {
    Hooked s = hooked(Map.of());
    byte[] before = (byte[]) db.one("select webhook_secret_cipher from services where id = ?", s.id());
    String reader = new Tenants(db).defaultTenantKey("read");

    Api.admin().body(Map.of("secret", "short")).post("/v1/services/" + s.name() + "/webhook-secret")
        .then().statusCode(422).body("code", equalTo("INVALID_WEBHOOK_SECRET")).body("detail", org.hamcrest.Matchers.not(
            org.hamcrest.Matchers.containsString("short")));
    Api.admin().body(Map.of("secret", "has spaces in it, sixteen+")).post("/v1/services/" + s.name() + "/webhook-secret")
        .then().statusCode(422);
    Api.as(reader).post("/v1/services/" + s.name() + "/webhook-secret").then().statusCode(403)
        .body("code", equalTo("INSUFFICIENT_SCOPE"));
    Api.admin().post("/v1/services/no-such-service-" + System.nanoTime() + "/webhook-secret").then().statusCode(404);

    assertThat((byte[]) db.one("select webhook_secret_cipher from services where id = ?", s.id())).isEqualTo(before);
  }
}
