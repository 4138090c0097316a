package io.deploymcp.checkout.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.deploymcp.checkout.CheckoutException;
import io.deploymcp.checkout.CheckoutFailure;
import io.deploymcp.checkout.GitAuth;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Installation tokens against a stand-in for GitHub's API (JDK HTTP server on loopback) that
 * verifies the App JWT's signature with the App's public key, as GitHub does.
 */
class GitHubAppTokensTest {
  private static final String APP_ID = "123456";
  private static final String INSTALLATION_TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  private static KeyPair keys;
  private static String pkcs8Pem;
  private static String pkcs1Pem;

  private HttpServer api;
  private volatile int status = 201;
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void makeKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    byte[] pkcs8 = keys.getPrivate().getEncoded();
    pkcs8Pem = pem("PRIVATE KEY", pkcs8);
    // GitHub hands out PKCS#1 ("RSA PRIVATE KEY"): the RSAPrivateKey structure inside PKCS#8.
    pkcs1Pem = pem("RSA PRIVATE KEY", PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @BeforeEach
  void startApi() throws IOException {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext("/", this::handle);
    api.start();
  }

  @AfterEach
  void stopApi() {
    api.stop(0);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/api/v3/");
  }

  private GitHubAppTokens tokens(String pem) {
    return new GitHubAppTokens(APP_ID, pem, base(), HttpClient.newHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      try {
        SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
        if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))) {
          failures.add("bad signature");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
          failures.add("alg " + jwt.getHeader().getAlgorithm());
        }
        var claims = jwt.getJWTClaimsSet();
        if (!APP_ID.equals(claims.getIssuer())) {
          failures.add("iss " + claims.getIssuer());
        }
        if (!claims.getIssueTime().toInstant().equals(NOW.minusSeconds(60))) {
          failures.add("iat " + claims.getIssueTime().toInstant());
        }
        Instant exp = claims.getExpirationTime().toInstant();
        if (exp.isAfter(NOW.plus(Duration.ofMinutes(10))) || !exp.isAfter(NOW)) {
          failures.add("exp " + exp);
        }
        bodies.add(JSONObjectUtils.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      } catch (Exception e) {
        failures.add(e.toString());
      }
      String body =
          status == 201
              ? "{\"token\":\"" + INSTALLATION_TOKEN + "\",\"expires_at\":\"2026-05-01T13:00:00Z\"}"
              : "{\"message\":\"" + (status == 401 ? "A JSON web token could not be decoded" : "Not Found") + "\"}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Test
  void mintsAnInstallationTokenWithAPkcs1Key() {
    GitAuth auth = tokens(pkcs1Pem).installationToken(42);

    assertThat(auth).isEqualTo(new GitAuth("x-access-token", INSTALLATION_TOKEN));
    assertThat(failures).isEmpty();
    assertThat(paths).containsExactly("POST /api/v3/app/installations/42/access_tokens");
    assertThat(bodies.getFirst()).isEqualTo(Map.of("permissions", Map.of("contents", "read")));
  }

  @Test
  void mintsWithAPkcs8KeyOnOneLineWithEscapedNewlines() {
    GitAuth auth = tokens(pkcs8Pem.replace("\n", "\\n")).installationToken(7, List.of("app"));

    assertThat(auth.token()).isEqualTo(INSTALLATION_TOKEN);
    assertThat(failures).isEmpty();
    assertThat(bodies.getFirst()).containsEntry("repositories", List.of("app"));
  }

  @Test
  void rejectedJwtIsRepoAuthFailedWithoutSecrets() {
    status = 401;
    GitHubAppTokens tokens = tokens(pkcs1Pem);

    CheckoutException e = catchThrowableOfType(CheckoutException.class, () -> tokens.installationToken(42));

    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_AUTH_FAILED);
    assertThat(e.getMessage()).contains("HTTP 401").contains("could not be decoded");
    assertThat(e.hint()).contains("GITHUB_APP_ID");
    assertNoSecrets(e);
  }

  @Test
  void unknownInstallationIsRepoAuthFailedWithAHint() {
    status = 404;

    CheckoutException e = catchThrowableOfType(CheckoutException.class, () -> tokens(pkcs1Pem).installationToken(99));

    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_AUTH_FAILED);
    assertThat(e.getMessage()).contains("installation 99");
    assertThat(e.hint()).contains("install the GitHub App");
  }

  @Test
  void serverErrorIsRetryable() {
    status = 502;

    CheckoutException e = catchThrowableOfType(CheckoutException.class, () -> tokens(pkcs1Pem).installationToken(42));

    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_UNREACHABLE);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void unreachableApiIsRetryable() {
    GitHubAppTokens tokens = tokens(pkcs1Pem);
    api.stop(0);

    CheckoutException e = catchThrowableOfType(CheckoutException.class, () -> tokens.installationToken(42));

    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_UNREACHABLE);
  }

  @Test
  void unusableKeyIsRepoAuthFailedAndNotQuoted() {
    String broken = pkcs1Pem.substring(0, 200) + "\n-----END RSA PRIVATE KEY-----\n";
    for (String pem : new String[] {"", "not a key", broken, pem("PUBLIC KEY", keys.getPublic().getEncoded())}) {
      CheckoutException e = catchThrowableOfType(CheckoutException.class, () -> tokens(pem));
      assertThat(e.code()).as(pem).isEqualTo(CheckoutFailure.REPO_AUTH_FAILED);
      assertThat(e.getMessage()).contains("GITHUB_APP_PRIVATE_KEY").doesNotContain("MII");
    }
  }

  @Test
  void appIdMustLookLikeOne() {
    CheckoutException e =
        catchThrowableOfType(
            CheckoutException.class,
            () -> new GitHubAppTokens("my app", pkcs1Pem, base(), HttpClient.newHttpClient(), Clock.systemUTC()));
    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_AUTH_FAILED);
  }

  @Test
  void fromEnvironmentIsEmptyWithoutTheApp() {
    assertThat(GitHubAppTokens.fromEnvironment(Map.of())).isEmpty();
    assertThat(GitHubAppTokens.fromEnvironment(Map.of("GITHUB_APP_ID", APP_ID, "GITHUB_APP_PRIVATE_KEY", pkcs1Pem)))
        .isPresent();
  }

  private static void assertNoSecrets(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    String pemBody = pkcs1Pem.lines().skip(1).findFirst().orElseThrow();
    assertThat(trace.toString()).doesNotContain(pemBody).doesNotContain("eyJ").doesNotContain(INSTALLATION_TOKEN);
  }
}
