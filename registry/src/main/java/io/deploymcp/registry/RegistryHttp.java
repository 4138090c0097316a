package io.deploymcp.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** One request to a registry or its token service, with transport failures turned into codes. */
final class RegistryHttp {
  private final HttpClient http;
  private final Duration timeout;

  RegistryHttp(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * @param what names the target in messages (host, repository, tag): never a URL with a query,
   *     which for a token service could carry more than we want to print
   */
  HttpResponse<byte[]> send(
      String method, URI uri, Optional<String> authorization, Optional<String> accept, String what) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(timeout);
    if ("http".equals(uri.getScheme())) {
      // Plain-HTTP registries speak HTTP/1.1; skip the JDK's h2c upgrade attempt.
      request.version(HttpClient.Version.HTTP_1_1);
    }
    authorization.ifPresent(value -> request.header("Authorization", value));
    accept.ifPresent(value -> request.header("Accept", value));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw unreachable(what + ": no answer within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw unreachable(what + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(what + ": interrupted", e);
    }
  }

  static String basic(RegistryAuth auth) {
    String pair = auth.username() + ":" + auth.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String describe(IOException e) {
    // The JDK's ConnectException often has no message; its class name is the useful part.
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message);
  }

  private static RegistryException unreachable(String message, Throwable cause) {
    return new RegistryException(
        RegistryErrorCode.REGISTRY_UNREACHABLE,
        "registry unreachable: " + message,
        "Check that the registry runs and REGISTRY_HOST names it; the call can be retried.",
        cause);
  }
}
