package io.deploymcp.api.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.store.SecretCipher;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Env values go in encrypted (bound to service and key) and never come out of the API. */
@QuarkusTest
@WithTestResource(TestStack.class)
class EnvApiTest {
  private static final String SECRET = "postgres://app:hunter2-very-secret@db.example.com/app";

  @Inject DataSource dataSource;

  @Test
  void valuesAreStoredEncryptedAndNeverReturned() {
    Db db = new Db(dataSource);
    String name = Names.unique("envs");
    String createResponse =
        Api.admin()
            .body(Map.of("name", name, "repo", "https://github.com/org/envs", "env", Map.of("DATABASE_URL", SECRET, "MODE", "prod")))
            .post("/v1/services")
            .then().statusCode(202).extract().asString();
    assertThat(createResponse).doesNotContain("hunter2");
    UUID serviceId = (UUID) db.one("select id from services where name = ? and deleted_at is null", name);

    byte[] stored = (byte[]) db.one("select value_cipher from env_vars where service_id = ? and key = 'DATABASE_URL'", serviceId);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
    SecretCipher cipher = SecretCipher.fromBase64(TestStack.SECRET_KEY);
    assertThat(cipher.decrypt(stored, serviceId + ":DATABASE_URL")).isEqualTo(SECRET);

    String listing =
        Api.admin().get("/v1/services/" + name + "/env").then().statusCode(200)
            .body("items.key", contains("DATABASE_URL", "MODE"))
            .body("items[0].updated_at", notNullValue())
            .extract().asString();
    assertThat(listing).doesNotContain("hunter2").doesNotContain("prod");
    assertThat(Api.admin().get("/v1/services/" + name).asString()).doesNotContain("hunter2");
    assertThat(db.count("select count(*) from audit_log where detail::text like '%hunter2%'")).isZero();
  }

  @Test
  void putReplacesAndDeleteRemoves() {
    Db db = new Db(dataSource);
    String name = Names.unique("envput");
    Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/envs")).post("/v1/services").then().statusCode(202);
    UUID serviceId = (UUID) db.one("select id from services where name = ? and deleted_at is null", name);

    String put =
        Api.admin().body(Map.of("value", "first-" + SECRET)).put("/v1/services/" + name + "/env/TOKEN")
            .then().statusCode(200).body("key", equalTo("TOKEN")).body("hint", notNullValue()).extract().asString();
    assertThat(put).doesNotContain("hunter2");
    Api.admin().body(Map.of("value", "second")).put("/v1/services/" + name + "/env/TOKEN").then().statusCode(200);
    byte[] stored = (byte[]) db.one("select value_cipher from env_vars where service_id = ? and key = 'TOKEN'", serviceId);
    assertThat(SecretCipher.fromBase64(TestStack.SECRET_KEY).decrypt(stored, serviceId + ":TOKEN")).isEqualTo("second");
    assertThat(db.count("select count(*) from audit_log where action = 'env.set' and detail::text like '%hunter2%'")).isZero();
    assertThat(db.one("select detail->'request'->>'value' from audit_log where action = 'env.set' order by id desc limit 1"))
        .isEqualTo("***");

    Api.admin().delete("/v1/services/" + name + "/env/TOKEN").then().statusCode(204);
    Api.admin().delete("/v1/services/" + name + "/env/TOKEN").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    assertThat(db.count("select count(*) from env_vars where service_id = ?", serviceId)).isZero();
  }

  @Test
  void refusesTheTwoHundredAndFirstVariable() {
    Db db = new Db(dataSource);
    String name = Names.unique("envmax");
    StringBuilder env = new StringBuilder("{");
    for (int i = 0; i < 200; i++) {
      env.append(i == 0 ? "" : ",").append("\"K").append(i).append("\":\"v\"");
    }
    env.append('}');
    Api.admin().body("{\"name\":\"" + name + "\",\"repo\":\"https://github.com/org/envs\",\"env\":" + env + "}")
        .post("/v1/services").then().statusCode(202);
    Api.admin().body(Map.of("value", "v")).put("/v1/services/" + name + "/env/ONE_MORE").then().statusCode(422)
        .body("code", equalTo("ENV_TOO_LARGE"));
    Api.admin().body(Map.of("value", "changed")).put("/v1/services/" + name + "/env/K1").then().statusCode(200);
    assertThat(db.count("select count(*) from env_vars e join services s on s.id = e.service_id where s.name = ?", name))
        .isEqualTo(200);
  }
}
