package io.deploymcp.buildkit.connection;

import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Finds a TLS failure under a gRPC error. grpc reports a failed handshake as UNAVAILABLE with a
 * bare "ssl exception" or "io exception"; the SSL exception below it says what actually went
 * wrong (untrusted certificate, wrong name, certificate required).
 */
public final class TlsFailure {
  /** What to check when a handshake fails; shared by every caller that reports one. */
  public static final String HINT =
      "The TLS handshake with buildkitd failed: check that " + BuildKitTls.CA_CERT_SETTING
          + " is the CA that signed buildkitd's certificate, that the certificate names the host of"
          + " BUILDKIT_HOST (or set " + BuildKitTls.SERVER_NAME_SETTING + "), that "
          + BuildKitTls.CERT_SETTING + " and " + BuildKitTls.KEY_SETTING
          + " hold a client certificate its --tlscacert trusts if it asks for one, and that the"
          + " daemon serves TLS at all.";

  private TlsFailure() {}

  /**
   * "TLS handshake failed: ..." when {@code error} or one of its causes is an SSL exception, saying
   * in words what the common cases mean and keeping the TLS library's text for the rest.
   */
  public static Optional<String> describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLException ssl) {
        return Optional.of("TLS handshake failed: " + explain(innermostMessage(ssl)));
      }
    }
    return Optional.empty();
  }

  private static String explain(String detail) {
    String lower = detail.toLowerCase(Locale.ROOT);
    if (lower.contains("certificate_required") || lower.contains("bad_certificate")
        || lower.contains("unknown_ca")) {
      return "the daemon wants a client certificate signed by a CA it trusts, and got none it accepts ("
          + detail + ")";
    }
    if (lower.contains("key_values_mismatch")) {
      return BuildKitTls.KEY_SETTING + " is not the key of the certificate in " + BuildKitTls.CERT_SETTING
          + " (" + detail + ")";
    }
    if (lower.contains("certification path") || lower.contains("pkix")) {
      return "the daemon's certificate is not signed by the CA in " + BuildKitTls.CA_CERT_SETTING + " (" + detail + ")";
    }
    if (lower.contains("subject alternative name") || lower.contains("no name matching")) {
      return "the daemon's certificate is not issued for the name being checked (" + detail + ")";
    }
    if (lower.contains("not an ssl/tls record")) {
      // Netty appends a hex dump of what arrived: the daemon's plaintext HTTP/2 settings.
      return "the daemon answered in plaintext: it does not serve TLS on this port";
    }
    return detail;
  }

  /** The deepest message: outer SSL exceptions often only repeat their cause's class and text. */
  private static String innermostMessage(Throwable error) {
    String message = error.getClass().getSimpleName();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }
}
