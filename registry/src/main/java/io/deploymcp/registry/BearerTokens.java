package io.deploymcp.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry token flow (distribution's "token authentication"): after a {@code Bearer}
 * challenge, ask the named realm for a token for one scope, with Basic credentials if we have
 * them, and keep it until shortly before it expires.
 */
final class BearerTokens {
  /** The spec's default when the token service gives no {@code expires_in}. */
  private static final long DEFAULT_EXPIRES_SECONDS = 60;

  private final RegistryHttp http;
  private final Optional<RegistryAuth> auth;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final ConcurrentHashMap<String, Token> byScope = new ConcurrentHashMap<>();

  private record Token(String value, Instant renewAfter) {}

  BearerTokens(RegistryHttp http, Optional<RegistryAuth> auth, Clock clock) {
    this.http = http;
    this.auth = auth;
    this.clock = clock;
  }

  Optional<String> cached(String scope) {
    Token token = byScope.get(scope);
    if (token == null || !clock.instant().isBefore(token.renewAfter())) {
      return Optional.empty();
    }
    return Optional.of(token.value());
  }

  void forget(String scope) {
    byScope.remove(scope);
  }

  /** @param scope e.g. {@code repository:team/app:pull}; empty for a token without one (a login check) */
  String fetch(AuthChallenge challenge, String scope, String what) {
    URI realm = realm(challenge, what);
    Optional<String> authorization = Optional.empty();
    if (auth.isPresent()) {
      // Credentials travel only over TLS, or to a token service on this very machine.
      if (!"https".equals(realm.getScheme())
          && !RegistryEndpoint.isLoopback(RegistryEndpoint.hostName(realm.getRawAuthority()))) {
        throw authFailed(what + ": the token service is plain HTTP on another host;"
            + " credentials are not sent there");
      }
      authorization = Optional.of(RegistryHttp.basic(auth.get()));
    }
    StringBuilder query = new StringBuilder();
    challenge.param("service").ifPresent(service -> query.append("service=").append(encode(service)));
    if (!scope.isEmpty()) {
      query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(scope));
    }
    URI uri = URI.create(realm + (realm.getRawQuery() == null ? "?" : "&") + query);

    HttpResponse<byte[]> response =
        http.send("GET", uri, authorization, Optional.of("application/json"), what + " (token)");
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw authFailed(what + ": the token service refused "
          + (auth.isPresent() ? "the credentials" : "an anonymous token") + " (" + status + ")");
    }
    if (status == 429 || status >= 500) {
      throw new RegistryException(RegistryErrorCode.REGISTRY_UNREACHABLE,
          what + ": the token service answered " + status,
          "The registry's token service is unavailable; the call can be retried.");
    }
    if (status != 200) {
      throw new RegistryException(RegistryErrorCode.REGISTRY_ERROR,
          what + ": the token service answered " + status, "Check the registry's token service.");
    }
    Token token = parse(response.body(), what);
    byScope.put(scope, token);
    return token.value();
  }

  private Token parse(byte[] body, String what) {
    JsonNode node = readTree(body);
    String value = node == null ? null : text(node, "token").or(() -> text(node, "access_token")).orElse(null);
    if (value == null) {
      throw new RegistryException(RegistryErrorCode.REGISTRY_ERROR,
          what + ": the token service answered without a token", "Check the registry's token service.");
    }
    long expires = node.path("expires_in").asLong(DEFAULT_EXPIRES_SECONDS);
    if (expires <= 0) {
      expires = DEFAULT_EXPIRES_SECONDS;
    }
    // Renew a little early so a token doesn't lapse between the check and the request.
    Duration lifetime = Duration.ofSeconds(expires).minus(Duration.ofSeconds(Math.min(10, expires / 2)));
    return new Token(value, clock.instant().plus(lifetime));
  }

  private JsonNode readTree(byte[] body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank()
        ? Optional.of(value.asText()) : Optional.empty();
  }

  private static URI realm(AuthChallenge challenge, String what) {
    String realm = challenge.param("realm").orElseThrow(
        () -> authFailed(what + ": Bearer challenge without a realm"));
    URI uri;
    try {
      uri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw authFailed(what + ": Bearer challenge with an unusable realm");
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getRawAuthority() == null) {
      throw authFailed(what + ": Bearer challenge with an unusable realm");
    }
    return uri;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static RegistryException authFailed(String message) {
    return new RegistryException(RegistryErrorCode.REGISTRY_AUTH_FAILED, message,
        "Check the registry credentials configured for this registry and their permissions.");
  }
}
