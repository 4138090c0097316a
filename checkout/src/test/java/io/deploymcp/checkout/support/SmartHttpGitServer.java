package io.deploymcp.checkout.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.storage.pack.PackStatistics;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser.PacketLineOutRefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.UploadPackInternalServerErrorException;

/**
 * Git's smart HTTP protocol (fetch side, protocol v0 and v2) on loopback, served from real
 * repositories by JGit's own {@link UploadPack} exactly as JGit's {@code GitServlet} drives it,
 * behind the JDK's HTTP server instead of a servlet container. Optional HTTP Basic auth with
 * one username and token, like a private repository on a git host. Several repositories can
 * live on the one host (for submodules): {@code http://127.0.0.1:PORT/<name>}. Every request is
 * logged with its Host and Authorization headers, and a path can answer with a redirect, as a
 * moved repository or a hostile host would.
 */
public final class SmartHttpGitServer implements AutoCloseable {
  private static final String SERVICE = "git-upload-pack";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
  private final Optional<String> expectedAuthorization;
  private final AtomicInteger authorizedRequests = new AtomicInteger();
  private final AtomicInteger refusedRequests = new AtomicInteger();
  private final List<PackStatistics> packs = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Redirect> redirects = new ConcurrentHashMap<>();
  private volatile PackConfig packConfig;

  /** One request as it arrived; {@code authorization} is null when none was sent. */
  public record Request(String method, String path, String host, String authorization) {}

  private record Redirect(int status, String location) {}

  /** A server without auth. */
  public SmartHttpGitServer() throws IOException {
    this(Optional.empty(), Optional.empty());
  }

  /** A server over https with {@code tls}'s certificate, answering Basic {@code username:token}. */
  public static SmartHttpGitServer https(SSLContext tls, String username, String token) throws IOException {
    return new SmartHttpGitServer(Optional.of(basic(username, token)), Optional.of(tls));
  }

  /** A server that answers only requests with Basic {@code username:token}. */
  public SmartHttpGitServer(String username, String token) throws IOException {
    this(Optional.of(basic(username, token)), Optional.empty());
  }

  private static String basic(String username, String token) {
    return "Basic "
        + Base64.getEncoder().encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  private SmartHttpGitServer(Optional<String> expectedAuthorization, Optional<SSLContext> tls)
      throws IOException {
    this.expectedAuthorization = expectedAuthorization;
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
      this.server = https;
    } else {
      this.server = HttpServer.create(loopback, 0);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Serves the repository whose work tree (or bare directory) is {@code repo} under
   * {@code name} (e.g. {@code app.git}); returns its URL.
   */
  public String serve(String name, Path repo) throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    if (repo.resolve(".git").toFile().isDirectory()) {
      builder.setWorkTree(repo.toFile());
    } else {
      builder.setGitDir(repo.toFile());
    }
    repositories.put(name, builder.build());
    return url(name);
  }

  public String url(String name) {
    return base() + "/" + name;
  }

  /** {@code http://127.0.0.1:PORT} (https for {@link #https}). */
  public String base() {
    return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** How many requests carried the right token: proves the client really sent it. */
  public int authorizedRequests() {
    return authorizedRequests.get();
  }

  public int refusedRequests() {
    return refusedRequests.get();
  }

  /** Every request so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * Answers every request under {@code /<name>/} with {@code status} and a Location of
   * {@code target} followed by the rest of the path and the query, e.g. {@code name} "old.git"
   * and target "http://other:1234/app.git". Applied after the auth check, so a client gets to
   * send its token first, as to a private repository that has moved.
   */
  public void redirect(String name, int status, String target) {
    redirects.put(name, new Redirect(status, target));
  }

  /** {@link #redirect} before the auth check: the host redirects anyone. */
  public void redirectBeforeAuth(String name, int status, String target) {
    redirects.put(name, new Redirect(-status, target));
  }

  /**
   * How UploadPack builds packs from now on; e.g. without delta search, so a benchmark measures
   * the client rather than the server's compression. Null: JGit's defaults from the repository.
   */
  public void packConfig(PackConfig config) {
    this.packConfig = config;
  }

  /** What UploadPack reported for each pack it sent (objects by type, depth, bytes). */
  public List<PackStatistics> packs() {
    return List.copyOf(packs);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Host"),
              authorization));
      if (redirected(exchange, true)) {
        return;
      }
      if (expectedAuthorization.isPresent()
          && !expectedAuthorization.get().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        refusedRequests.incrementAndGet();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      authorizedRequests.incrementAndGet();
      if (redirected(exchange, false)) {
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.endsWith("/info/refs")) {
        Repository repo = repositories.get(name(path, "/info/refs"));
        if (repo == null || !("service=" + SERVICE).equals(exchange.getRequestURI().getQuery())) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        advertise(exchange, repo);
      } else if (method.equals("POST") && path.endsWith("/" + SERVICE)) {
        Repository repo = repositories.get(name(path, "/" + SERVICE));
        if (repo == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        upload(exchange, repo);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private boolean redirected(HttpExchange exchange, boolean beforeAuth) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int slash = path.indexOf('/', 1);
    if (slash < 0) {
      return false;
    }
    Redirect redirect = redirects.get(path.substring(1, slash));
    if (redirect == null || (redirect.status() < 0) != beforeAuth) {
      return false;
    }
    String query = exchange.getRequestURI().getRawQuery();
    exchange.getResponseHeaders().add(
        "Location", redirect.location() + path.substring(slash) + (query == null ? "" : "?" + query));
    exchange.sendResponseHeaders(Math.abs(redirect.status()), -1);
    return true;
  }

  private static String name(String path, String suffix) {
    return path.substring(1, path.length() - suffix.length());
  }

  private UploadPack uploadPack(HttpExchange exchange, Repository repo) {
    UploadPack up = new UploadPack(repo);
    up.setBiDirectionalPipe(false);
    up.setPostUploadHook(packs::add);
    if (packConfig != null) {
      up.setPackConfig(packConfig);
    }
    String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
    if (protocol != null) {
      // As JGit's DefaultUploadPackFactory: "version=2" turns on protocol v2.
      up.setExtraParameters(Arrays.asList(protocol.split(":")));
    }
    return up;
  }

  private void advertise(HttpExchange exchange, Repository repo) throws IOException {
    UploadPack up = uploadPack(exchange, repo);
    exchange.getResponseHeaders().add("Content-Type", "application/x-" + SERVICE + "-advertisement");
    exchange.getResponseHeaders().add("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream body = exchange.getResponseBody()) {
      PacketLineOut out = new PacketLineOut(body);
      up.sendAdvertisedRefs(new PacketLineOutRefAdvertiser(out), SERVICE);
    } finally {
      up.getRevWalk().close();
    }
  }

  private void upload(HttpExchange exchange, Repository repo) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    exchange.getResponseHeaders().add("Content-Type", "application/x-" + SERVICE + "-result");
    exchange.getResponseHeaders().add("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    try (UploadPack up = uploadPack(exchange, repo);
        OutputStream body = exchange.getResponseBody()) {
      up.upload(in, body, null);
    } catch (UploadPackInternalServerErrorException e) {
      // UploadPack already told the client (e.g. a want of a commit it does not have).
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    repositories.values().forEach(Repository::close);
  }
}
