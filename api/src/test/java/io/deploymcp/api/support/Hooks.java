package io.deploymcp.api.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signed webhook deliveries as GitHub and Gitea send them (no API key). */
public final class Hooks {
  private Hooks() {}

  public static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Response github(String event, String delivery, String signatureHeader, String body) {
    var request = given().contentType("application/json").header("X-GitHub-Event", event).body(body);
    if (delivery != null) {
      request.header("X-GitHub-Delivery", delivery);
    }
    if (signatureHeader != null) {
      request.header("X-Hub-Signature-256", signatureHeader);
    }
    return request.post("/v1/webhooks/github");
  }

  /** A push signed with {@code secret}, under a fresh delivery id. */
  public static Response githubPush(String secret, String body) {
    return github("push", UUID.randomUUID().toString(), "sha256=" + hmac(secret, body), body);
  }

  public static Response gitea(String event, String delivery, String signature, String body) {
    var request = given().contentType("application/json").header("X-Gitea-Event", event).body(body);
    if (delivery != null) {
      request.header("X-Gitea-Delivery", delivery);
    }
    if (signature != null) {
      request.header("X-Gitea-Signature", signature);
    }
    return request.post("/v1/webhooks/gitea");
  }

  /** A push payload in the shape GitHub and Gitea share; {@code installation} only for GitHub Apps. */
  public static String push(String cloneUrl, String branch, String after, List<String> changed, Long installation) {
    StringBuilder files = new StringBuilder();
    for (String f : changed) {
      files.append(files.isEmpty() ? "" : ", ").append('"').append(f).append('"');
    }
    String htmlUrl = cloneUrl.endsWith(".git") ? cloneUrl.substring(0, cloneUrl.length() - 4) : cloneUrl;
    return "{\"ref\": \"refs/heads/" + branch + "\", \"before\": \"" + "1".repeat(40) + "\", \"after\": \"" + after + "\","
        + " \"deleted\": false,"
        + " \"repository\": {\"full_name\": \"x/y\", \"clone_url\": \"" + cloneUrl + "\", \"html_url\": \"" + htmlUrl + "\"},"
        + (installation == null ? "" : " \"installation\": {\"id\": " + installation + "},")
        + " \"commits\": [{\"id\": \"" + after + "\", \"added\": [], \"removed\": [], \"modified\": [" + files + "]}]}";
  }

  public static Map<String, Object> json(Response response) {
    return response.jsonPath().getMap("$");
  }
}
