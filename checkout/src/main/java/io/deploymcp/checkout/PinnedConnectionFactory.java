package io.deploymcp.checkout;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JGit's HTTP connections for one checkout. Each request JGit makes — the ref advertisement, the
 * pack request, every redirect hop, a submodule's fetch — comes through {@link #create}, which
 * refuses any scheme, host or port but the repository's own, and goes out over one HTTP client
 * whose resolver checks and pins the addresses ({@link CheckedDnsResolver}). Never through a
 * proxy: a proxy would resolve the name itself, past the check. Closed when the checkout ends.
 */
final class PinnedConnectionFactory implements HttpConnectionFactory2, AutoCloseable {
  /** Connections per checkout: JGit makes its requests one after another. */
  private static final int MAX_CONNECTIONS = 8;

  private static final Logger log = LoggerFactory.getLogger(PinnedConnectionFactory.class);

  private final Origin origin;
  private final PoolingHttpClientConnectionManager connections;
  private final CloseableHttpClient client;
  private volatile CheckoutException refusal;
  private final List<PinnedHttpConnection> opened = new CopyOnWriteArrayList<>();

  PinnedConnectionFactory(Origin origin, GitNetwork network, Duration timeout) {
    this.origin = origin;
    Timeout limit = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis()));
    CheckedDnsResolver resolver =
        new CheckedDnsResolver(network.addresses(), network.resolver(), this::refused);
    this.connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(resolver)
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(network.tls()))
            .setMaxConnTotal(MAX_CONNECTIONS)
            .setMaxConnPerRoute(MAX_CONNECTIONS)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(limit).build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
            .setDefaultRequestConfig(
                RequestConfig.custom().setConnectionRequestTimeout(limit).setResponseTimeout(limit).build())
            // JGit follows redirects itself (checking each hop here), authenticates itself,
            // and unpacks gzip itself; the client must not do any of it behind its back.
            .disableRedirectHandling()
            .disableAuthCaching()
            .disableContentCompression()
            .disableCookieManagement()
            .disableAutomaticRetries()
            .disableDefaultUserAgent()
            .build();
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    return create(url, null);
  }

  @Override
  public HttpConnection create(URL url, Proxy ignored) throws IOException {
    Origin target = Origin.of(url);
    if (!target.equals(origin)) {
      CheckoutException reason = redirectNotAllowed(target);
      refused(reason);
      throw new RefusedConnection(reason);
    }
    PinnedHttpConnection connection = new PinnedHttpConnection(url, client);
    opened.add(connection);
    return connection;
  }

  @Override
  public GitSession newSession() {
    return new GitSession() {
      @Override
      public HttpConnection configure(HttpConnection connection, boolean sslVerify) {
        // http.sslVerify=false in some git config is not honoured: TLS is always verified.
        return connection;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Gives back the connections of responses JGit left open. JGit does not close the ref
   * advertisement's stream, so each transport would keep one connection leased, and enough
   * transports in one checkout (tag fallback, submodules) would wait for the pool until the
   * deadline. Called when a transport is closed; its responses are no longer read.
   */
  void releaseAll() {
    for (PinnedHttpConnection connection : opened) {
      connection.release();
    }
    opened.clear();
  }

  /** Why a connection was refused, the first time one was; null when none was. */
  CheckoutException refusal() {
    return refusal;
  }

  private void refused(CheckoutException reason) {
    if (refusal == null) {
      refusal = reason;
    }
  }

  private CheckoutException redirectNotAllowed(Origin target) {
    return new CheckoutException(
        CheckoutFailure.REPO_REDIRECT_NOT_ALLOWED,
        "the git host sent the checkout from "
            + origin
            + " to "
            + target
            + "; redirects are followed only on the repository's own scheme, host and port, and"
            + " nothing was sent there",
        "If the repository has moved, set the service's repo to its new URL (the one the"
            + " redirect points to) and deploy again; the git token is never sent to another host.");
  }

  @Override
  public void close() {
    releaseAll();
    int leased = connections.getTotalStats().getLeased();
    if (leased > 0) {
      log.warn("{} HTTP connections were still leased when the checkout ended", leased);
    }
    client.close(CloseMode.IMMEDIATE);
  }
}
