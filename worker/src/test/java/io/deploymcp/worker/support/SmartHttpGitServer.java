package io.deploymcp.worker.support;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One private repository over git's smart HTTP protocol with Basic auth, served by the
 * checkout module's JGit stand-in (its test-jar) on loopback.
 */
public final class SmartHttpGitServer implements AutoCloseable {
  private final io.deploymcp.checkout.support.SmartHttpGitServer server;
  private final String url;

  public SmartHttpGitServer(Path repo, String username, String token) throws IOException {
    this.server = new io.deploymcp.checkout.support.SmartHttpGitServer(username, token);
    this.url = server.serve("app.git", repo);
  }

  /** The repository URL, e.g. {@code http://127.0.0.1:PORT/app.git}. */
  public String url() {
    return url;
  }

  /** How many requests carried the right token: proves the client really sent it. */
  public int authorizedRequests() {
    return server.authorizedRequests();
  }

  @Override
  public void close() {
    server.close();
  }
}
