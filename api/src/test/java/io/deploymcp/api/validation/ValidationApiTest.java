package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * §4: every bad input is refused with its own code and changes nothing: no row, no workflow,
 * and an audit entry that says rejected (never accepted).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ValidationApiTest {
  private static final String REPO = "\"repo\": \"https://github.com/org/app\"";

  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Workflows workflows;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
  }

  private static Arguments refused(String label, int status, String code, String body) {
    return Arguments.of(label, status, code, body);
  }

  private static String withName(String name, String rest) {
    return "{\"name\": \"" + name + "\", " + rest + "}";
  }

  private static String env(int count, int valueBytes) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      out.append(i == 0 ? "" : ", ").append("\"K").append(i).append("\": \"").append("v".repeat(valueBytes)).append('"');
    }
    return out.append('}').toString();
  }

  private static String paths(int count) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      out.append(i == 0 ? "" : ", ").append("\"p").append(i).append('"');
    }
    return out.append(']').toString();
  }

  static Stream<Arguments> badCreates() {
    return Stream.of(
        refused("uppercase name", 422, "INVALID_NAME", withName("Cool-Api", REPO)),
        refused("underscore", 422, "INVALID_NAME", withName("cool_api", REPO)),
        refused("leading dash", 422, "INVALID_NAME", withName("-cool", REPO)),
        refused("trailing dash", 422, "INVALID_NAME", withName("cool-", REPO)),
        refused("64 chars", 422, "INVALID_NAME", withName("a".repeat(64), REPO)),
        refused("empty name", 422, "INVALID_NAME", withName("", REPO)),
        refused("missing name", 422, "INVALID_NAME", "{" + REPO + "}"),
        refused("www", 422, "NAME_RESERVED", withName("www", REPO)),
        refused("api", 422, "NAME_RESERVED", withName("api", REPO)),
        refused("mcp", 422, "NAME_RESERVED", withName("mcp", REPO)),
        refused("ops", 422, "NAME_RESERVED", withName("ops", REPO)),
        refused("grafana", 422, "NAME_RESERVED", withName("grafana", REPO)),
        refused("loki", 422, "NAME_RESERVED", withName("loki", REPO)),
        refused("registry", 422, "NAME_RESERVED", withName("registry", REPO)),
        refused("temporal", 422, "NAME_RESERVED", withName("temporal", REPO)),
        refused("traefik", 422, "NAME_RESERVED", withName("traefik", REPO)),
        refused("preview prefix", 422, "NAME_RESERVED", withName("preview-shop", REPO)),
        refused("configured reserved", 422, "NAME_RESERVED", withName("billing", REPO)),
        refused("ext transport", 422, "INVALID_REPO", withName("v-ext", "\"repo\": \"ext::sh -c touch% /tmp/pwned\"")),
        refused("file url", 422, "INVALID_REPO", withName("v-file", "\"repo\": \"file:///etc\"")),
        refused("ssh url", 422, "INVALID_REPO", withName("v-ssh", "\"repo\": \"ssh://git@github.com/org/app\"")),
        refused("git url", 422, "INVALID_REPO", withName("v-git", "\"repo\": \"git://github.com/org/app\"")),
        refused("scp style", 422, "INVALID_REPO", withName("v-scp", "\"repo\": \"git@github.com:org/app.git\"")),
        refused("http url", 422, "INVALID_REPO", withName("v-http", "\"repo\": \"http://github.com/org/app\"")),
        refused("credentials", 422, "INVALID_REPO", withName("v-cred", "\"repo\": \"https://x:ghp_secret@github.com/org/app\"")),
        refused("loopback ip", 422, "INVALID_REPO", withName("v-loop", "\"repo\": \"https://127.0.0.1/org/app\"")),
        refused("private ip", 422, "INVALID_REPO", withName("v-priv", "\"repo\": \"https://10.1.2.3/org/app\"")),
        refused("metadata ip", 422, "INVALID_REPO", withName("v-meta", "\"repo\": \"https://169.254.169.254/latest\"")),
        refused("cgnat ip", 422, "INVALID_REPO", withName("v-cgnat", "\"repo\": \"https://100.64.1.1/org/app\"")),
        refused("localhost name", 422, "INVALID_REPO", withName("v-lh", "\"repo\": \"https://localhost/org/app\"")),
        refused("unresolvable host", 422, "INVALID_REPO",
            withName("v-nodns", "\"repo\": \"https://metadata.google.internal/computeMetadata/v1/x\"")),
        refused("name of a private address", 422, "INVALID_REPO",
            withName("v-privname", "\"repo\": \"https://internal.example.com/org/app\"")),
        refused("option branch", 422, "INVALID_REF", withName("v-br1", REPO + ", \"branch\": \"-x\"")),
        refused("upload-pack branch", 422, "INVALID_REF", withName("v-br2", REPO + ", \"branch\": \"--upload-pack=touch /tmp/x\"")),
        refused("bad ref branch", 422, "INVALID_REF", withName("v-br3", REPO + ", \"branch\": \"a..b\"")),
        refused("lock ref branch", 422, "INVALID_REF", withName("v-br4", REPO + ", \"branch\": \"main.lock\"")),
        refused("unknown field", 400, "UNKNOWN_FIELD", withName("v-unk", REPO + ", \"replicas\": 3")),
        refused("malformed json", 400, "MALFORMED_JSON", "{\"name\": \"v-mal\", " + REPO),
        refused("port as string", 400, "INVALID_TYPE", withName("v-type", REPO + ", \"port\": \"8080\"")),
        refused("env value number", 400, "INVALID_TYPE", withName("v-type2", REPO + ", \"env\": {\"A\": 1}")),
        refused("port 0", 422, "INVALID_PORT", withName("v-port0", REPO + ", \"port\": 0")),
        refused("port 65536", 422, "INVALID_PORT", withName("v-port1", REPO + ", \"port\": 65536")),
        refused("cpu too small", 422, "INVALID_RESOURCES", withName("v-cpu0", REPO + ", \"cpu\": \"10m\"")),
        refused("cpu too large", 422, "INVALID_RESOURCES", withName("v-cpu1", REPO + ", \"cpu\": \"64\"")),
        refused("cpu garbage", 422, "INVALID_RESOURCES", withName("v-cpu2", REPO + ", \"cpu\": \"lots\"")),
        refused("memory too small", 422, "INVALID_RESOURCES", withName("v-mem0", REPO + ", \"memory\": \"16Mi\"")),
        refused("memory too large", 422, "INVALID_RESOURCES", withName("v-mem1", REPO + ", \"memory\": \"100Gi\"")),
        refused("env key digit", 422, "INVALID_ENV", withName("v-env0", REPO + ", \"env\": {\"1BAD\": \"x\"}")),
        refused("env key dash", 422, "INVALID_ENV", withName("v-env1", REPO + ", \"env\": {\"A-B\": \"x\"}")),
        refused("201 env vars", 422, "ENV_TOO_LARGE", withName("v-env2", REPO + ", \"env\": " + env(201, 1))),
        refused("env value over 32 KiB", 422, "ENV_TOO_LARGE", withName("v-env3", REPO + ", \"env\": " + env(1, 32 * 1024 + 1))),
        refused("bad cron", 422, "INVALID_SCHEDULE", withName("v-cron0", REPO + ", \"kind\": \"cron\", \"schedule\": \"every day\"")),
        refused("cron without schedule", 422, "SCHEDULE_REQUIRED", withName("v-cron1", REPO + ", \"kind\": \"cron\"")),
        refused("schedule on web", 422, "INVALID_SCHEDULE", withName("v-cron2", REPO + ", \"schedule\": \"* * * * *\"")),
        refused("unknown kind", 422, "INVALID_KIND", withName("v-kind", REPO + ", \"kind\": \"daemon\"")),
        refused("unknown build pack", 422, "INVALID_BUILD_PACK", withName("v-pack", REPO + ", \"build_pack\": \"nixpacks\"")),
        refused("root dir escape", 422, "INVALID_PATH", withName("v-root", REPO + ", \"root_dir\": \"../etc\"")),
        refused("bad project", 422, "INVALID_PROJECT", withName("v-proj", REPO + ", \"project\": \"Bad_Project\"")),
        refused("dockerfile escape", 422, "INVALID_PATH", withName("v-df0", REPO + ", \"dockerfile_path\": \"../Dockerfile\"")),
        refused("dockerfile absolute", 422, "INVALID_PATH", withName("v-df1", REPO + ", \"dockerfile_path\": \"/etc/passwd\"")),
        refused("dockerfile empty", 422, "INVALID_PATH", withName("v-df2", REPO + ", \"dockerfile_path\": \"\"")),
        refused("dockerfile directory", 422, "INVALID_PATH", withName("v-df3", REPO + ", \"dockerfile_path\": \"docker/\"")),
        refused("dockerfile inner dotdot", 422, "INVALID_PATH", withName("v-df4", REPO + ", \"dockerfile_path\": \"a/../../b\"")),
        refused("installation zero", 422, "INVALID_INSTALLATION_ID", withName("v-gh0", REPO + ", \"github_installation_id\": 0")),
        refused("installation negative", 422, "INVALID_INSTALLATION_ID", withName("v-gh1", REPO + ", \"github_installation_id\": -7")),
        refused("installation string", 400, "INVALID_TYPE", withName("v-gh2", REPO + ", \"github_installation_id\": \"123\"")),
        refused("installation float", 400, "INVALID_TYPE", withName("v-gh3", REPO + ", \"github_installation_id\": 1.5")),
        refused("watch path escape", 422, "INVALID_PATH", withName("v-wp0", REPO + ", \"watch_paths\": [\"libs\", \"../x\"]")),
        refused("watch path glob", 422, "INVALID_PATH", withName("v-wp1", REPO + ", \"watch_paths\": [\"libs/*\"]")),
        refused("watch path empty", 422, "INVALID_PATH", withName("v-wp2", REPO + ", \"watch_paths\": [\"\"]")),
        refused("watch path null", 422, "INVALID_PATH", withName("v-wp3", REPO + ", \"watch_paths\": [null]")),
        refused("watch paths not a list", 400, "INVALID_TYPE", withName("v-wp4", REPO + ", \"watch_paths\": \"libs\"")),
        refused("51 watch paths", 422, "INVALID_PATH", withName("v-wp5", REPO + ", \"watch_paths\": " + paths(51))),
        refused("env_plain not in env", 422, "INVALID_ENV",
            withName("v-ep0", REPO + ", \"env\": {\"A\": \"1\"}, \"env_plain\": [\"NODE_ENV\"]")),
        refused("env_plain without env", 422, "INVALID_ENV", withName("v-ep1", REPO + ", \"env_plain\": [\"NODE_ENV\"]")),
        refused("env_plain bad key", 422, "INVALID_ENV",
            withName("v-ep2", REPO + ", \"env\": {\"A\": \"1\"}, \"env_plain\": [\"A-B\"]")),
        refused("env_plain not a list", 400, "INVALID_TYPE",
            withName("v-ep3", REPO + ", \"env\": {\"A\": \"1\"}, \"env_plain\": \"A\"")));
  }

  private record Counts(long services, long deployments, long envVars, long projects, long accepted, long rejected, int workflows) {}

  private Counts counts() {
    return new Counts(
        db.count("select count(*) from services"),
        db.count("select count(*) from deployments"),
        db.count("select count(*) from env_vars"),
        db.count("select count(*) from projects"),
        db.count("select count(*) from audit_log where outcome = 'accepted'"),
        db.count("select count(*) from audit_log where outcome = 'rejected'"),
        workflows.openCount());
  }

  private void assertNothingChangedButARejection(Counts before, String action, String code) {
    Counts after = counts();
    assertThat(after.services()).as("service rows").isEqualTo(before.services());
    assertThat(after.deployments()).as("deployment rows").isEqualTo(before.deployments());
    assertThat(after.envVars()).as("env rows").isEqualTo(before.envVars());
    assertThat(after.projects()).as("project rows").isEqualTo(before.projects());
    assertThat(after.workflows()).as("open workflows").isEqualTo(before.workflows());
    assertThat(after.accepted()).as("accepted audit entries").isEqualTo(before.accepted());
    assertThat(after.rejected()).as("rejected audit entries").isEqualTo(before.rejected() + 1);
    assertThat(db.one("select action from audit_log order by id desc limit 1")).isEqualTo(action);
    assertThat(db.one("select detail->>'code' from audit_log order by id desc limit 1")).isEqualTo(code);
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @MethodSource("badCreates")
  void refusesBadCreateAndChangesNothing(String label, int status, String code, String body) {
    Counts before = counts();
    Response response = Api.admin().body(body).post("/v1/services");
    response
        .then()
        .statusCode(status)
        .contentType(startsWith("application/problem+json"))
        .body("code", equalTo(code))
        .body("hint", notNullValue());
    assertNothingChangedButARejection(before, "service.create", code);
    assertThat(response.asString()).doesNotContain("ghp_secret");
  }

  @Test
  void reportsEveryInvalidFieldAtOnce() {
    Counts before = counts();
    Api.admin()
        .body("{\"name\": \"BAD\", \"repo\": \"ssh://x/y\", \"port\": 0, \"cpu\": \"99\"}")
        .post("/v1/services")
        .then()
        .statusCode(422)
        .body("code", equalTo("INVALID_NAME"))
        .body("errors.field", org.hamcrest.Matchers.contains("name", "repo", "port", "cpu"))
        .body("errors.code", org.hamcrest.Matchers.contains("INVALID_NAME", "INVALID_REPO", "INVALID_PORT", "INVALID_RESOURCES"));
    assertNothingChangedButARejection(before, "service.create", "INVALID_NAME");
  }

  @Test
  void refusesChunkedBodyOverTheLimitAndChangesNothing() throws Exception {
    Counts before = counts();
    byte[] body = ("{\"name\": \"v-chunk\", " + REPO + ", \"root_dir\": \"" + "a".repeat(1_100_000) + "\"}").getBytes();
    // A stream of unknown length goes out chunked, without Content-Length, so only the
    // streaming limit can stop it.
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/services"))
                    .header("Authorization", "Bearer " + TestStack.BOOTSTRAP_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("PAYLOAD_TOO_LARGE");
    assertNothingChangedButARejection(before, "service.create", "PAYLOAD_TOO_LARGE");
  }

  @Test
  void refusesAHostThatDoesNotResolveSayingSoOnCreateAndUpdate() {
    Counts before = counts();
    Api.admin()
        .body(withName("v-nodns2", "\"repo\": \"https://metadata.google.internal/computeMetadata/v1/\""))
        .post("/v1/services")
        .then()
        .statusCode(422)
        .contentType(startsWith("application/problem+json"))
        .body("code", equalTo("INVALID_REPO"))
        .body("errors[0].field", equalTo("repo"))
        .body("detail", org.hamcrest.Matchers.containsString("'metadata.google.internal' does not resolve"))
        .body("hint", org.hamcrest.Matchers.containsString("resolves in DNS"));
    assertNothingChangedButARejection(before, "service.create", "INVALID_REPO");

    // A change of repo is checked the same way: the stored URL stays.
    String name = "v-nodns-upd-" + System.nanoTime() % 100000;
    Api.admin().body(withName(name, REPO)).post("/v1/services").then().statusCode(202);
    Api.admin()
        .body("{\"repo\": \"https://gitea.unresolvable.invalid/org/app\"}")
        .patch("/v1/services/" + name)
        .then()
        .statusCode(422)
        .body("code", equalTo("INVALID_REPO"))
        .body("detail", org.hamcrest.Matchers.containsString("does not resolve"));
    assertThat(db.one("select repo from services where name = ? and deleted_at is null", name))
        .isEqualTo("https://github.com/org/app");
  }

  @Test
  void refusesANameAnotherTenantOwnsAndChangesNothing() {
    String name = "v-owned-" + System.nanoTime() % 100000;
    Api.admin().body(withName(name, REPO)).post("/v1/services").then().statusCode(202);
    String other = new io.deploymcp.api.support.Tenants(db).newTenantWithKey("v-tenant-" + System.nanoTime(), "deploy");
    Counts before = counts();
    Api.as(other).body(withName(name, REPO)).post("/v1/services").then().statusCode(409).body("code", equalTo("NAME_TAKEN"));
    Counts after = counts();
    assertThat(after.services()).isEqualTo(before.services());
    assertThat(after.deployments()).isEqualTo(before.deployments());
    assertThat(after.workflows()).isEqualTo(before.workflows());
    assertThat(after.accepted()).isEqualTo(before.accepted());
  }

  static Stream<Arguments> badDeploys() {
    return Stream.of(
        refused("option commit", 422, "INVALID_REF", "{\"commit\": \"--upload-pack=touch /tmp/x\"}"),
        refused("dash commit", 422, "INVALID_REF", "{\"commit\": \"-abc1234\"}"),
        refused("bad branch", 422, "INVALID_REF", "{\"branch\": \"a b\"}"),
        refused("bad environment", 422, "INVALID_ENVIRONMENT", "{\"environment\": \"staging\"}"),
        refused("unknown field", 400, "UNKNOWN_FIELD", "{\"force\": true}"));
  }

  @ParameterizedTest(name = "deploy {0} -> {1} {2}")
  @MethodSource("badDeploys")
  void refusesBadDeployAndChangesNothing(String label, int status, String code, String body) {
    String name = "v-dep-" + Math.abs(label.hashCode());
    if (db.count("select count(*) from services where name = ? and deleted_at is null", name) == 0) {
      Api.admin().body(withName(name, REPO)).post("/v1/services").then().statusCode(202);
    }
    Counts before = counts();
    Api.admin().body(body).post("/v1/services/" + name + "/deploys").then().statusCode(status).body("code", equalTo(code));
    assertNothingChangedButARejection(before, "deployment.create", code);
  }

  @Test
  void refusesBadEnvWritesAndChangesNothing() {
    String name = "v-envsvc-" + System.nanoTime() % 100000;
    Api.admin().body(withName(name, REPO)).post("/v1/services").then().statusCode(202);
    Map<String, String> cases = new HashMap<>();
    cases.put("1BAD", "{\"value\": \"x\"}");
    cases.put("OK_KEY", "{\"value\": \"" + "x".repeat(32 * 1024 + 1) + "\"}");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Counts before = counts();
      String code = c.getKey().equals("1BAD") ? "INVALID_ENV" : "ENV_TOO_LARGE";
      Api.admin().body(c.getValue()).put("/v1/services/" + name + "/env/" + c.getKey()).then().statusCode(422)
          .body("code", equalTo(code));
      assertNothingChangedButARejection(before, "env.set", code);
    }
  }
}
