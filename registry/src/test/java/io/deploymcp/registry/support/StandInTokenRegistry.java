package io.deploymcp.registry.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in registry (JDK HTTP server on loopback) for what the local docker-registry is not
 * configured to do: authentication. It serves one manifest, {@code team/app:v1}, behind either a
 * Bearer challenge with its own token service at {@code /token}, or a Basic challenge.
 */
public final class StandInTokenRegistry implements AutoCloseable {
  public enum Mode { BEARER, BASIC }

  public static final String REPOSITORY = "team/app";
  public static final String TAG = "v1";
  public static final byte[] MANIFEST = "{\"schemaVersion\":2,\"stand-in\":true}".getBytes(StandardCharsets.UTF_8);

  static {
    // The Docker engine tries HTTPS first even on loopback; the JDK server would wait for a
    // request line inside the TLS hello until the engine's 10 s handshake timeout. Read once,
    // when the first HttpServer is made: drop connections that send no request within 1 s.
    System.setProperty("sun.net.httpserver.maxReqTime", "1");
  }

  /** What distribution answers a request it does not authorize. */
  private static final String UNAUTHORIZED_BODY =
      "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}";

  private final HttpServer server;
  private final Mode mode;
  private final String username;
  private final String password;
  private final String token = "stand-in-token-" + Long.toHexString(System.nanoTime());
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final List<String> tokenQueries = new CopyOnWriteArrayList<>();
  private final List<String> registryAuthorizations = new CopyOnWriteArrayList<>();
  private volatile boolean anonymousTokens;
  private volatile boolean digestOnHead = true;
  private volatile int manifestStatus = 200;
  private volatile boolean openBlobs;

  public StandInTokenRegistry(Mode mode, String username, String password) throws IOException {
    this.mode = mode;
    this.username = username;
    this.password = password;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::token);
    server.createContext("/v2/", this::registry);
    server.start();
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public String token() {
    return token;
  }

  public int tokenRequests() {
    return tokenRequests.get();
  }

  public List<String> tokenQueries() {
    return tokenQueries;
  }

  /** Authorization headers the registry endpoints received, in order ("" for none). */
  public List<String> registryAuthorizations() {
    return registryAuthorizations;
  }

  /** Hand out tokens without credentials (a public registry). */
  public void allowAnonymousTokens() {
    anonymousTokens = true;
  }

  /**
   * Take blobs from anyone but refuse manifests without the right credentials (the version
   * check /v2/ still challenges, so the engine sends its credentials): a push then fails at
   * the manifest, which the engine does not retry. A refused blob upload would be retried by
   * Docker 20.10 for about 50 s (5 attempts, growing backoff), far too slow for a unit test.
   */
  public void acceptBlobsFromAnyone() {
    openBlobs = true;
  }

  /** Answer HEAD without Docker-Content-Digest, as some registries do. */
  public void omitDigestOnHead() {
    digestOnHead = false;
  }

  /** Answer authorized manifest requests with this status instead (e.g. 503). */
  public void failManifestsWith(int status) {
    manifestStatus = status;
  }

  public static String sha256OfManifest() throws Exception {
    return RegistryUploads.sha256(MANIFEST);
  }

  private void token(HttpExchange exchange) throws IOException {
    tokenRequests.incrementAndGet();
    tokenQueries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    boolean valid = basic().equals(authorization) || (anonymousTokens && authorization == null);
    if (!valid) {
      send(exchange, 401, UNAUTHORIZED_BODY.getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(exchange, 200, ("{\"token\":\"" + token + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8));
  }

  private void registry(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    registryAuthorizations.add(authorization == null ? "" : authorization);
    String expected = mode == Mode.BEARER ? "Bearer " + token : basic();
    String path = exchange.getRequestURI().getPath();
    if (openBlobs && path.contains("/blobs/")) {
      blobs(exchange, path);
      return;
    }
    if (!expected.equals(authorization)) {
      String challenge = mode == Mode.BEARER
          ? "Bearer realm=\"http://" + host() + "/token\",service=\"stand-in\",scope=\"repository:"
              + REPOSITORY + ":pull\""
          : "Basic realm=\"stand-in\"";
      exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
      send(exchange, 401, UNAUTHORIZED_BODY.getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (path.equals("/v2/")) {
      send(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (!path.equals("/v2/" + REPOSITORY + "/manifests/" + TAG)) {
      send(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (manifestStatus != 200) {
      send(exchange, manifestStatus, new byte[0]);
      return;
    }
    boolean head = exchange.getRequestMethod().equals("HEAD");
    if (!head || digestOnHead) {
      try {
        exchange.getResponseHeaders().add("Docker-Content-Digest", sha256OfManifest());
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
    exchange.getResponseHeaders().add("Content-Type", RegistryUploads.DOCKER_MANIFEST);
    send(exchange, 200, MANIFEST);
  }

  /** Blob upload start, chunks and commit, and blob HEAD, without keeping anything. */
  private void blobs(HttpExchange exchange, String path) throws IOException {
    exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
    String method = exchange.getRequestMethod();
    String repository = path.substring("/v2/".length(), path.indexOf("/blobs/"));
    String upload = "/v2/" + repository + "/blobs/uploads/stand-in-upload";
    switch (method) {
      case "POST", "PATCH" -> {
        exchange.getResponseHeaders().add("Location", upload);
        exchange.getResponseHeaders().add("Range", "0-0");
        exchange.getResponseHeaders().add("Docker-Upload-UUID", "stand-in-upload");
        send(exchange, 202, new byte[0]);
      }
      case "PUT" -> {
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        String digest = query.replaceAll(".*digest=([^&]+).*", "$1");
        exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
        exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/blobs/" + digest);
        send(exchange, 201, new byte[0]);
      }
      case "HEAD" -> {
        // Whatever was "uploaded" is reported present, which is all the engine checks.
        String digest = path.substring(path.lastIndexOf('/') + 1);
        exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
        exchange.getResponseHeaders().add("Content-Length", "1");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      }
      default -> send(exchange, 404, new byte[0]);
    }
  }

  private String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.getResponseHeaders().add("Docker-Distribution-Api-Version", "registry/2.0");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
