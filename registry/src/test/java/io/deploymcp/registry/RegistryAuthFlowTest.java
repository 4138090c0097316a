package io.deploymcp.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.registry.support.StandInTokenRegistry;
import io.deploymcp.registry.support.StandInTokenRegistry.Mode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Basic and Bearer (token service) authentication, against a stand-in registry on loopback. */
class RegistryAuthFlowTest {
  private static final String USER = "deployer";
  private static final String PASSWORD = "s3cret-Pa55word";

  @Test
  void bearerChallengeIsAnsweredWithATokenFromTheRealm() throws Exception {
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BEARER, USER, PASSWORD);
        RegistryClient client = client(registry, Optional.of(new RegistryAuth(USER, PASSWORD)))) {
      assertThat(client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG))
          .contains(StandInTokenRegistry.sha256OfManifest());
      assertThat(registry.tokenQueries())
          .containsExactly("service=stand-in&scope=repository%3Ateam%2Fapp%3Apull");
      assertThat(registry.registryAuthorizations()).containsExactly("", "Bearer " + registry.token());
    }
  }

  @Test
  void aTokenIsReusedForTheSameScope() throws Exception {
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BEARER, USER, PASSWORD);
        RegistryClient client = client(registry, Optional.of(new RegistryAuth(USER, PASSWORD)))) {
      client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG);
      client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG);
      assertThat(registry.tokenRequests()).isEqualTo(1);
      assertThat(registry.registryAuthorizations()).hasSize(3).last().isEqualTo("Bearer " + registry.token());
    }
  }

  @Test
  void anonymousTokensWorkWithoutCredentials() throws Exception {
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BEARER, USER, PASSWORD);
        RegistryClient client = client(registry, Optional.empty())) {
      registry.allowAnonymousTokens();
      assertThat(client.manifestDigest(StandInTokenRegistry.REPOSITORY, "missing")).isEmpty();
      assertThat(client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG)).isPresent();
    }
  }

  @Test
  void refusedCredentialsAreAnAuthFailureThatNamesNoSecret() throws Exception {
    String wrong = "wrong-Pa55word-42";
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BEARER, USER, PASSWORD);
        RegistryClient client = client(registry, Optional.of(new RegistryAuth(USER, wrong)))) {
      assertThatThrownBy(() -> client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.code()).isEqualTo(RegistryErrorCode.REGISTRY_AUTH_FAILED);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("token service refused the credentials")
                .doesNotContain(wrong).doesNotContain(PASSWORD);
            assertThat(e.hint()).doesNotContain(wrong);
          });
    }
  }

  @Test
  void basicChallengeIsAnsweredWithTheCredentialsAndThenSentUpFront() throws Exception {
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BASIC, USER, PASSWORD);
        RegistryClient client = client(registry, Optional.of(new RegistryAuth(USER, PASSWORD)))) {
      assertThat(client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG)).isPresent();
      assertThat(client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG)).isPresent();
      assertThat(registry.registryAuthorizations()).hasSize(3);
      assertThat(registry.registryAuthorizations().get(0)).isEmpty();
      assertThat(registry.registryAuthorizations().get(2)).startsWith("Basic ");
      assertThat(registry.tokenRequests()).isZero();
    }
  }

  @Test
  void basicChallengeWithoutCredentialsIsAnAuthFailure() throws Exception {
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BASIC, USER, PASSWORD);
        RegistryClient client = client(registry, Optional.empty())) {
      assertThatThrownBy(() -> client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.code()).isEqualTo(RegistryErrorCode.REGISTRY_AUTH_FAILED);
            assertThat(e.getMessage()).contains("none are configured");
          });
    }
  }

  @Test
  void aHeadAnswerWithoutDigestFallsBackToHashingTheManifest() throws Exception {
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BASIC, USER, PASSWORD);
        RegistryClient client = client(registry, Optional.of(new RegistryAuth(USER, PASSWORD)))) {
      registry.omitDigestOnHead();
      assertThat(client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG))
          .contains(StandInTokenRegistry.sha256OfManifest());
    }
  }

  @Test
  void serverErrorsAreRetryable() throws Exception {
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BASIC, USER, PASSWORD);
        RegistryClient client = client(registry, Optional.of(new RegistryAuth(USER, PASSWORD)))) {
      registry.failManifestsWith(503);
      assertThatThrownBy(() -> client.manifestDigest(StandInTokenRegistry.REPOSITORY, StandInTokenRegistry.TAG))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.code()).isEqualTo(RegistryErrorCode.REGISTRY_UNREACHABLE);
            assertThat(e.retryable()).isTrue();
          });
    }
  }

  @Test
  void credentialsAreNotSentToAPlainHttpRealmOnAnotherHost() {
    AuthChallenge challenge = AuthChallenge.parse(
        "Bearer realm=\"http://auth.example.invalid/token\",service=\"x\"").orElseThrow();
    BearerTokens tokens = new BearerTokens(
        new RegistryHttp(java.net.http.HttpClient.newHttpClient(), java.time.Duration.ofSeconds(1)),
        Optional.of(new RegistryAuth(USER, PASSWORD)), java.time.Clock.systemUTC());
    assertThatThrownBy(() -> tokens.fetch(challenge, "repository:a/b:pull", "registry.example/a/b:v1"))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.code()).isEqualTo(RegistryErrorCode.REGISTRY_AUTH_FAILED);
          assertThat(e.getMessage()).contains("credentials are not sent there");
        });
  }

  @Test
  void verifyCredentialsTellsGoodFromBadWithoutAScope() throws Exception {
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BEARER, USER, PASSWORD);
        RegistryClient good = client(registry, Optional.of(new RegistryAuth(USER, PASSWORD)));
        RegistryClient bad = client(registry, Optional.of(new RegistryAuth(USER, "nope")))) {
      good.verifyCredentials();
      assertThat(registry.tokenQueries()).containsExactly("service=stand-in");
      assertThatThrownBy(bad::verifyCredentials)
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.code()).isEqualTo(RegistryErrorCode.REGISTRY_AUTH_FAILED));
    }
    try (StandInTokenRegistry registry = new StandInTokenRegistry(Mode.BASIC, USER, PASSWORD);
        RegistryClient bad = client(registry, Optional.of(new RegistryAuth(USER, "nope")))) {
      assertThatThrownBy(bad::verifyCredentials)
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.code()).isEqualTo(RegistryErrorCode.REGISTRY_AUTH_FAILED));
    }
  }

  @Test
  void credentialsNeverShowInToString() {
    assertThat(new RegistryAuth(USER, PASSWORD).toString()).contains(USER).doesNotContain(PASSWORD);
  }

  private static RegistryClient client(StandInTokenRegistry registry, Optional<RegistryAuth> auth) {
    return new RegistryClient(RegistryEndpoint.of(registry.host()), auth);
  }
}
