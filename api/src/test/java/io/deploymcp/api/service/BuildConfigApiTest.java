package io.deploymcp.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Array;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The build configuration of a service (issue 4): Dockerfile path, GitHub installation, watch paths, plain env. */
@QuarkusTest
@WithTestResource(TestStack.class)
class BuildConfigApiTest {
  private static final String REPO = "https://github.com/org/build-config";

  @Inject DataSource dataSource;

  private Db db;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
  }

  private String create(Map<String, Object> extra) {
    String name = Names.unique("bc");
    Map<String, Object> body = new HashMap<>(Map.of("name", name, "repo", REPO));
    body.putAll(extra);
    Api.admin().body(body).post("/v1/services").then().statusCode(202);
    return name;
  }

  private UUID id(String name) {
    return (UUID) db.one("select id from services where name = ? and deleted_at is null", name);
  }

  private List<Object> watchPaths(String name) {
    try {
      return List.of((Object[]) ((Array) db.one("select watch_paths from services where id = ?", id(name))).getArray());
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void createHasDefaultsAndTheDeploymentSaysWhoStartedIt() {
    String name = create(Map.of());
    JsonPath service = Api.admin().get("/v1/services/" + name).then().statusCode(200).extract().jsonPath();
    assertThat(service.getString("dockerfile_path")).isEqualTo("Dockerfile");
    assertThat(service.getString("github_installation_id")).isNull();
    assertThat(service.getList("watch_paths")).isEmpty();
    assertThat(service.getBoolean("webhook_secret_set")).isFalse();
    assertThat(service.getString("latest_deployment.trigger")).isEqualTo("api");
    assertThat(service.getMap("latest_deployment")).containsKey("build_skipped");
    assertThat(service.getString("latest_deployment.build_skipped")).isNull();
    assertThat(db.one("select dockerfile_path from services where id = ?", id(name))).isEqualTo("Dockerfile");
  }

  @Test
  void createStoresTheBuildConfiguration() {
    String name = create(Map.of(
        "build_pack", "dockerfile",
        "dockerfile_path", "docker/Dockerfile.prod",
        "github_installation_id", 12345678901L,
        "watch_paths", List.of("libs/common", "libs/common/", "proto")));

    Api.admin().get("/v1/services/" + name).then().statusCode(200)
        .body("dockerfile_path", equalTo("docker/Dockerfile.prod"))
        .body("github_installation_id", equalTo(12345678901L))
        .body("watch_paths", contains("libs/common", "proto"));
    assertThat(db.one("select github_installation_id from services where id = ?", id(name))).isEqualTo(12345678901L);
    assertThat(watchPaths(name)).containsExactly("libs/common", "proto");
  }

  @Test
  void patchSetsKeepsAndClearsTheBuildConfiguration() {
    String name = create(Map.of("github_installation_id", 42, "watch_paths", List.of("shared")));

    Api.admin().body(Map.of("dockerfile_path", "Dockerfile.dev")).patch("/v1/services/" + name).then().statusCode(200)
        .body("dockerfile_path", equalTo("Dockerfile.dev"))
        .body("github_installation_id", equalTo(42))
        .body("watch_paths", contains("shared"));
    Api.admin().body("{\"github_installation_id\": 43, \"watch_paths\": [\"a\", \"b/c\"]}").patch("/v1/services/" + name)
        .then().statusCode(200).body("github_installation_id", equalTo(43)).body("watch_paths", contains("a", "b/c"));
    Api.admin().body("{\"github_installation_id\": null, \"watch_paths\": []}").patch("/v1/services/" + name)
        .then().statusCode(200).body("github_installation_id", nullValue()).body("watch_paths", empty())
        .body("dockerfile_path", equalTo("Dockerfile.dev"));
    assertThat(db.one("select github_installation_id from services where id = ?", id(name))).isNull();
    assertThat(watchPaths(name)).isEmpty();
  }

  @Test
  void badPatchesAreRefusedAndChangeNothing() {
    String name = create(Map.of("dockerfile_path", "Dockerfile.x", "github_installation_id", 7, "watch_paths", List.of("w")));
    Object updatedAt = db.one("select updated_at from services where id = ?", id(name));
    record Bad(String body, int status, String code) {}
    for (Bad bad : List.of(
        new Bad("{\"dockerfile_path\": \"../../etc/passwd\"}", 422, "INVALID_PATH"),
        new Bad("{\"dockerfile_path\": \"\"}", 422, "INVALID_PATH"),
        new Bad("{\"github_installation_id\": 0}", 422, "INVALID_INSTALLATION_ID"),
        new Bad("{\"github_installation_id\": \"7\"}", 400, "INVALID_TYPE"),
        new Bad("{\"github_installation_id\": 2.5}", 400, "INVALID_TYPE"),
        new Bad("{\"watch_paths\": [\"/abs\"]}", 422, "INVALID_PATH"),
        new Bad("{\"watch_paths\": [\"ok\", \"x/**\"]}", 422, "INVALID_PATH"),
        new Bad("{\"env_plain\": [\"A\"]}", 400, "UNKNOWN_FIELD"))) {
      long rejected = db.count("select count(*) from audit_log where outcome = 'rejected' and action = 'service.update'");
      Api.admin().body(bad.body()).patch("/v1/services/" + name).then()
          .statusCode(bad.status()).body("code", equalTo(bad.code()));
      assertThat(db.count("select count(*) from audit_log where outcome = 'rejected' and action = 'service.update'"))
          .as(bad.body()).isEqualTo(rejected + 1);
    }
    assertThat(db.one("select updated_at from services where id = ?", id(name))).isEqualTo(updatedAt);
    assertThat(db.one("select dockerfile_path from services where id = ?", id(name))).isEqualTo("Dockerfile.x");
    assertThat(db.one("select github_installation_id from services where id = ?", id(name))).isEqualTo(7L);
    assertThat(watchPaths(name)).containsExactly("w");
  }

  @Test
  void envKeysNamedInEnvPlainArePlainBuildArgsAndTheRestSecrets() {
    String name = create(Map.of(
        "env", Map.of("NODE_ENV", "production", "API_TOKEN", "tok-very-secret-123"),
        "env_plain", List.of("NODE_ENV")));
    UUID id = id(name);
    assertThat(db.one("select secret from env_vars where service_id = ? and key = 'NODE_ENV'", id)).isEqualTo(false);
    assertThat(db.one("select secret from env_vars where service_id = ? and key = 'API_TOKEN'", id)).isEqualTo(true);

    String listing = Api.admin().get("/v1/services/" + name + "/env").then().statusCode(200)
        .body("items.key", contains("API_TOKEN", "NODE_ENV"))
        .body("items.secret", contains(true, false))
        .extract().asString();
    assertThat(listing).doesNotContain("production").doesNotContain("tok-very-secret");
  }

  @Test
  void putSetsTheKindKeepsItWhenOmittedAndDefaultsToSecret() {
    String name = create(Map.of());
    UUID id = id(name);
    String env = "/v1/services/" + name + "/env/";

    Api.admin().body(Map.of("value", "production", "secret", false)).put(env + "NODE_ENV").then().statusCode(200)
        .body("secret", equalTo(false));
    Api.admin().body(Map.of("value", "development")).put(env + "NODE_ENV").then().statusCode(200)
        .body("secret", equalTo(false));
    assertThat(db.one("select secret from env_vars where service_id = ? and key = 'NODE_ENV'", id)).isEqualTo(false);

    Api.admin().body(Map.of("value", "s3cr3t")).put(env + "DB_PASSWORD").then().statusCode(200).body("secret", equalTo(true));
    Api.admin().body(Map.of("value", "production", "secret", true)).put(env + "NODE_ENV").then().statusCode(200)
        .body("secret", equalTo(true));
    assertThat(db.one("select secret from env_vars where service_id = ? and key = 'NODE_ENV'", id)).isEqualTo(true);

    long rows = db.count("select count(*) from env_vars where service_id = ?", id);
    Api.admin().body("{\"value\": \"x\", \"secret\": \"no\"}").put(env + "OTHER").then().statusCode(400)
        .body("code", equalTo("INVALID_TYPE"));
    assertThat(db.count("select count(*) from env_vars where service_id = ?", id)).isEqualTo(rows);
    assertThat(db.count("select count(*) from audit_log where detail::text like '%s3cr3t%'")).isZero();
  }
}
