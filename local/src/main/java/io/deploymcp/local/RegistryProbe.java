package io.deploymcp.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A container registry's distribution API, asked with short deadlines: does {@code /v2/}
 * answer, and which numbered tag of a repository is the newest.
 */
final class RegistryProbe {
  private static final Pattern NUMBER_TAG = Pattern.compile("[0-9]{1,9}");

  private final String host;
  private final URI base;
  private final Duration timeout;
  private HttpClient http; // made on first use: building one costs more than a refused connect

  /** @param host {@code host:port} as REGISTRY_HOST names it (loopback over http, else https, as bin/base-images) */
  RegistryProbe(String host, Duration timeout) {
    this.host = host;
    this.base = URI.create((loopback(host) ? "http://" : "https://") + host);
    this.timeout = timeout;
  }

  /** Null when {@code /v2/} answers 200 or 401 (a distribution API, maybe with a login), else why not. */
  String answers() {
    // A plain connect first: where nothing listens it fails at once, without the HTTP client's
    // start-up cost in a cold JVM (a few hundred ms on a busy machine).
    if (!accepts()) {
      return "nothing answers at " + host;
    }
    Optional<HttpResponse<String>> response = get("/v2/");
    if (response.isEmpty()) {
      return "nothing answers at " + host;
    }
    int status = response.get().statusCode();
    return status == 200 || status == 401 ? null : host + " answered /v2/ with HTTP " + status;
  }

  /** The highest numbered tag of {@code repository} (e.g. 1 for base/node:1), if the registry lists one. */
  OptionalInt newestNumberedTag(String repository) {
    Optional<HttpResponse<String>> response = get("/v2/" + repository + "/tags/list");
    if (response.isEmpty() || response.get().statusCode() != 200) {
      return OptionalInt.empty();
    }
    // {"name":"base/node","tags":["1","2"]}: JSON, read with the YAML parser the module has.
    Object body;
    try {
      body = new Yaml(new SafeConstructor(new LoaderOptions())).load(response.get().body());
    } catch (RuntimeException e) {
      return OptionalInt.empty();
    }
    if (!(body instanceof Map<?, ?> list) || !(list.get("tags") instanceof List<?> tags)) {
      return OptionalInt.empty();
    }
    int newest = -1;
    for (Object tag : tags) {
      if (tag instanceof String name && NUMBER_TAG.matcher(name).matches()) {
        newest = Math.max(newest, Integer.parseInt(name));
      }
    }
    return newest < 0 ? OptionalInt.empty() : OptionalInt.of(newest);
  }

  private boolean accepts() {
    int port = base.getPort() > 0 ? base.getPort() : base.getScheme().equals("http") ? 80 : 443;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(base.getHost(), port), (int) timeout.toMillis());
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }
    return http;
  }

  private Optional<HttpResponse<String>> get(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
      return Optional.of(http().send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static boolean loopback(String hostPort) {
    String h = hostPort.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("localhost:") || h.startsWith("127.") || h.startsWith("[::1]");
  }
}
