package io.deploymcp.worker.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * The ref-advertisement half of git's smart HTTP protocol (what {@code git ls-remote} uses),
 * served from a real repository by JGit's own UploadPack and guarded by HTTP Basic auth with
 * one token, like a private repository on a git host. Loopback only.
 */
public final class SmartHttpGitServer implements AutoCloseable {
  private final HttpServer server;
  private final Repository repository;
  private final String expectedAuthorization;
  private final AtomicInteger authorizedRequests = new AtomicInteger();

  public SmartHttpGitServer(Path repo, String username, String token) throws IOException {
    this.repository = new FileRepositoryBuilder().setWorkTree(repo.toFile()).build();
    this.expectedAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The repository URL, e.g. {@code http://127.0.0.1:PORT/app.git}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/app.git";
  }

  /** How many requests carried the right token: proves the client really sent it. */
  public int authorizedRequests() {
    return authorizedRequests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      authorizedRequests.incrementAndGet();
      String query = exchange.getRequestURI().getQuery();
      if (!exchange.getRequestURI().getPath().equals("/app.git/info/refs")
          || !"service=git-upload-pack".equals(query)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      PacketLineOut out = new PacketLineOut(body);
      out.writeString("# service=git-upload-pack\n");
      out.end();
      UploadPack upload = new UploadPack(repository);
      upload.setBiDirectionalPipe(false);
      upload.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(out), null);
      exchange
          .getResponseHeaders()
          .add("Content-Type", "application/x-git-upload-pack-advertisement");
      exchange.sendResponseHeaders(200, body.size());
      try (OutputStream response = exchange.getResponseBody()) {
        body.writeTo(response);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    repository.close();
  }
}
