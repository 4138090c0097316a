package io.deploymcp.temporal;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS side of the connection, already checked: the client certificate chain (empty without
 * mTLS), the CAs trusted for the server (empty: the JDK's roots, as for Temporal Cloud) and the
 * SslContext built from them. The private key lives only inside the SslContext.
 */
public record ClientTls(List<X509Certificate> clientChain, List<X509Certificate> trustedCas, SslContext sslContext) {

  public boolean mutual() {
    return !clientChain.isEmpty();
  }

  /** Safe to log: subjects only. */
  public String describe() {
    String client = mutual() ? "client certificate " + clientChain.getFirst().getSubjectX500Principal().getName() : "no client certificate";
    String trust = trustedCas.isEmpty() ? "server checked against the system CAs" : "server checked against TEMPORAL_TLS_CA";
    return "TLS, " + client + ", " + trust;
  }

  @Override
  public String toString() {
    return "ClientTls[" + describe() + "]";
  }
}
