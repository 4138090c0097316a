package io.deploymcp.checkout.github;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.deploymcp.checkout.CheckoutException;
import io.deploymcp.checkout.CheckoutFailure;
import io.deploymcp.checkout.GitAuth;
import io.deploymcp.checkout.SecretRedactor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Mints GitHub App installation access tokens for a checkout: a JWT (RS256, issuer the App id,
 * issued 60 s in the past against clock drift, expiring 9 minutes ahead — GitHub allows 10)
 * signed with the App's private key buys a one-hour token at
 * {@code POST {apiBase}/app/installations/{id}/access_tokens}, limited to reading contents.
 * The token is used once for the clone and never stored.
 */
public final class GitHubAppTokens {
  public static final URI DEFAULT_API_BASE = URI.create("https://api.github.com");
  /** GitHub's fixed username for installation tokens over https. */
  public static final String TOKEN_USERNAME = "x-access-token";

  private static final Duration BACKDATE = Duration.ofSeconds(60);
  private static final Duration JWT_LIFETIME = Duration.ofMinutes(9);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_QUOTED_MESSAGE = 200;

  private final String appId;
  private final RSAPrivateKey key;
  private final URI apiBase;
  private final HttpClient http;
  private final Clock clock;

  /**
   * @param appId the App's id ({@code GITHUB_APP_ID})
   * @param privateKeyPem the App's private key ({@code GITHUB_APP_PRIVATE_KEY}), PKCS#1 or PKCS#8
   *     PEM; literal {@code \n} escapes are accepted
   * @param apiBase {@code https://api.github.com}, or {@code https://HOST/api/v3} for GitHub
   *     Enterprise Server
   * @throws CheckoutException REPO_AUTH_FAILED when the id or key is unusable
   */
  public GitHubAppTokens(String appId, String privateKeyPem, URI apiBase, HttpClient http, Clock clock) {
    if (appId == null || !appId.strip().matches("[0-9]+|Iv[0-9A-Za-z.]+")) {
      throw new CheckoutException(
          CheckoutFailure.REPO_AUTH_FAILED,
          "GITHUB_APP_ID is not a GitHub App id",
          "Set GITHUB_APP_ID to the App ID (a number) or Client ID shown in the App's settings.");
    }
    this.appId = appId.strip();
    this.key = GitHubAppKey.parse(privateKeyPem);
    this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public GitHubAppTokens(String appId, String privateKeyPem, URI apiBase) {
    this(
        appId,
        privateKeyPem,
        apiBase,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
        Clock.systemUTC());
  }

  /**
   * From {@code GITHUB_APP_ID}, {@code GITHUB_APP_PRIVATE_KEY} and, optionally,
   * {@code GITHUB_API_URL}; empty when the App is not configured.
   */
  public static Optional<GitHubAppTokens> fromEnvironment(Map<String, String> env) {
    String id = env.get("GITHUB_APP_ID");
    String pem = env.get("GITHUB_APP_PRIVATE_KEY");
    if (id == null || id.isBlank() || pem == null || pem.isBlank()) {
      return Optional.empty();
    }
    String api = env.getOrDefault("GITHUB_API_URL", "");
    return Optional.of(
        new GitHubAppTokens(id, pem, api.isBlank() ? DEFAULT_API_BASE : URI.create(api.strip())));
  }

  /** A token that can read the contents of every repository of the installation. */
  public GitAuth installationToken(long installationId) {
    return installationToken(installationId, List.of());
  }

  /**
   * A token that can read the contents of {@code repositories} (names without the owner) of
   * the installation, or all of its repositories when the list is empty. Submodules in other
   * repositories need those listed too.
   */
  public GitAuth installationToken(long installationId, List<String> repositories) {
    if (installationId <= 0) {
      throw new IllegalArgumentException("installation id must be positive, got " + installationId);
    }
    String jwt = appJwt();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("permissions", Map.of("contents", "read"));
    if (!repositories.isEmpty()) {
      body.put("repositories", repositories);
    }
    HttpRequest request =
        HttpRequest.newBuilder(endpoint(installationId))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("Authorization", "Bearer " + jwt)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unreachable("GitHub's API did not answer (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted while asking GitHub for an installation token");
    }
    return answer(installationId, response, jwt);
  }

  /** The App's JWT; package-private for tests. */
  String appJwt() {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(appId)
            .issueTime(Date.from(now.minus(BACKDATE)))
            .expirationTime(Date.from(now.plus(JWT_LIFETIME)))
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new CheckoutException(
          CheckoutFailure.REPO_AUTH_FAILED,
          "could not sign the GitHub App JWT: " + e.getClass().getSimpleName(),
          "Check that GITHUB_APP_PRIVATE_KEY is an RSA key of at least 2048 bits.");
    }
    return jwt.serialize();
  }

  private URI endpoint(long installationId) {
    String base = apiBase.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/app/installations/" + installationId + "/access_tokens");
  }

  private GitAuth answer(long installationId, HttpResponse<String> response, String jwt) {
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    if (status == 201 || status == 200) {
      try {
        String token = JSONObjectUtils.getString(JSONObjectUtils.parse(body), "token");
        if (token != null && !token.isBlank()) {
          return new GitAuth(TOKEN_USERNAME, token);
        }
      } catch (ParseException e) {
        // Falls through: the body is quoted nowhere, it holds a token.
      }
      throw unreachable("GitHub answered without an installation token");
    }
    String said = githubMessage(body, jwt);
    String where = "installation " + installationId + " of GitHub App " + appId;
    throw switch (status) {
      case 401 ->
          authFailed(
              "GitHub refused the App's credentials for " + where + " (HTTP 401" + said + ")",
              "Check GITHUB_APP_ID and that GITHUB_APP_PRIVATE_KEY is a current key of that App;"
                  + " the worker's clock must be right within a minute (the JWT lives 10 minutes).");
      case 404 ->
          authFailed(
              where + " was not found (HTTP 404" + said + ")",
              "The App was uninstalled from this account, or the installation id stored on the"
                  + " service is wrong: install the GitHub App on the repository and connect it"
                  + " again.");
      case 403, 422 ->
          authFailed(
              "GitHub would not mint a token for " + where + " (HTTP " + status + said + ")",
              "The installation must grant the App read access to repository contents (and to"
                  + " every repository asked for); check the installation's repository selection"
                  + " and permissions, and that it is not suspended.");
      default ->
          unreachable(
              "GitHub's API answered HTTP " + status + " when asked for a token for " + where + said);
    };
  }

  /** GitHub's own one-line explanation, redacted and short. */
  private static String githubMessage(String body, String jwt) {
    try {
      String message = JSONObjectUtils.getString(JSONObjectUtils.parse(body), "message");
      if (message == null || message.isBlank()) {
        return "";
      }
      String clean = SecretRedactor.redact(message.strip(), List.of(jwt));
      if (clean.length() > MAX_QUOTED_MESSAGE) {
        clean = clean.substring(0, MAX_QUOTED_MESSAGE) + "...";
      }
      return ": " + clean;
    } catch (ParseException | RuntimeException e) {
      return "";
    }
  }

  private static CheckoutException authFailed(String message, String hint) {
    return new CheckoutException(CheckoutFailure.REPO_AUTH_FAILED, message, hint);
  }

  private static CheckoutException unreachable(String message) {
    return new CheckoutException(
        CheckoutFailure.REPO_UNREACHABLE,
        message,
        "GitHub's API is down or unreachable from the worker; the checkout is retried.");
  }
}
