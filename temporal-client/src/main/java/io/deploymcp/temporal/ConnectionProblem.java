package io.deploymcp.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;

/**
 * Why a call to Temporal failed, in plain words, from the gRPC status and the TLS exceptions
 * under it. {@link #lasting()} problems do not go away by waiting (a certificate the server
 * refuses, a key it does not know): the worker stops on them instead of retrying forever.
 * Reasons quote no exception text, so no server or TLS message can leak a credential.
 */
public record ConnectionProblem(Kind kind, String reason) {

  public enum Kind {
    /** Nothing answers, or not in time: may pass. */
    UNREACHABLE,
    /** The server refused our client certificate, or none was sent. */
    CLIENT_CERTIFICATE_REFUSED,
    /** We do not trust the server's certificate, or it does not name the address. */
    SERVER_NOT_TRUSTED,
    /** TLS on one side only. */
    TLS_MISMATCH,
    /** The server refused the API key or the namespace. */
    CREDENTIALS_REFUSED,
    /** Anything else. */
    OTHER
  }

  public boolean lasting() {
    return kind != Kind.UNREACHABLE && kind != Kind.OTHER;
  }

  public static ConnectionProblem of(TemporalSettings settings, Throwable failure) {
    String at = "Temporal at " + settings.address();
    String text = causes(failure);
    Status.Code code = code(failure);
    if (code == Status.Code.UNAUTHENTICATED) {
      return new ConnectionProblem(Kind.CREDENTIALS_REFUSED, at + " refused the credentials (UNAUTHENTICATED): "
          + (settings.apiKey().isPresent() ? "check TEMPORAL_API_KEY" : "it wants an API key (TEMPORAL_API_KEY) or a client certificate"));
    }
    if (code == Status.Code.PERMISSION_DENIED) {
      return new ConnectionProblem(Kind.CREDENTIALS_REFUSED, at + " denied access to namespace " + settings.namespace()
          + " (PERMISSION_DENIED): check TEMPORAL_NAMESPACE and what the certificate or API key may use");
    }
    if (text.contains("certificate_required")) {
      // With TLS 1.3 a client whose certificate is not from a CA the server names sends none.
      return new ConnectionProblem(Kind.CLIENT_CERTIFICATE_REFUSED,
          settings.tls().map(ClientTls::mutual).orElse(false)
              ? at + " refused the TLS handshake: it does not accept the client certificate in TEMPORAL_TLS_CERT"
                  + " (signed by another CA, expired or revoked?)"
              : at + " requires a client certificate and none is set: set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY");
    }
    if (text.contains("unknown_ca") || text.contains("bad_certificate") || text.contains("certificate_unknown")
        || text.contains("access_denied") || text.contains("certificate_revoked") || text.contains("certificate_expired")
        || text.contains("unsupported_certificate")) {
      boolean mutual = settings.tls().map(ClientTls::mutual).orElse(false);
      return new ConnectionProblem(Kind.CLIENT_CERTIFICATE_REFUSED, at + " refused the TLS handshake: "
          + (mutual
              ? "it does not accept the client certificate in TEMPORAL_TLS_CERT (signed by another CA, expired or revoked?)"
              : "it wants a client certificate; set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY"));
    }
    if (text.contains("no subject alternative") || text.contains("no name matching")) {
      return new ConnectionProblem(Kind.SERVER_NOT_TRUSTED, at + " presented a certificate that does not name "
          + settings.serverName().orElse(settings.address().replaceFirst(":\\d+$", ""))
          + ": set TEMPORAL_TLS_SERVER_NAME to a name it holds");
    }
    if (text.contains("pkix") || text.contains("certification path") || text.contains("certificate verify failed")
        || text.contains("trust anchor")) {
      return new ConnectionProblem(Kind.SERVER_NOT_TRUSTED, at + " presented a certificate we do not trust: "
          + (settings.tls().map(t -> !t.trustedCas().isEmpty()).orElse(false)
              ? "it is not signed by the CA in TEMPORAL_TLS_CA"
              : "set TEMPORAL_TLS_CA to the CA that signed it"));
    }
    if (text.contains("not an ssl/tls record") || text.contains("wrong_version_number") || text.contains("http/1")) {
      return new ConnectionProblem(Kind.TLS_MISMATCH, settings.tls().isPresent()
          ? at + " does not speak TLS on this port: unset the TEMPORAL_TLS_* variables or check TEMPORAL_ADDRESS"
          : at + " answers with something other than plaintext gRPC (TLS?): set TEMPORAL_TLS_CA or TEMPORAL_TLS_CERT/KEY");
    }
    if (text.contains("sslhandshakeexception") || text.contains("sslexception") || text.contains("handshake_failure")) {
      return new ConnectionProblem(Kind.TLS_MISMATCH, at + " failed the TLS handshake: check TEMPORAL_TLS_CERT, "
          + "TEMPORAL_TLS_KEY, TEMPORAL_TLS_CA and TEMPORAL_TLS_SERVER_NAME");
    }
    if (settings.tls().isEmpty() && text.contains("network closed for unknown reason")) {
      // What a plaintext client sees from a TLS-only port; also what a restarting server does.
      return new ConnectionProblem(Kind.UNREACHABLE, at + " closed the connection without an answer (a TLS-only"
          + " endpoint? then set TEMPORAL_TLS_CA, or TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY)");
    }
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
      return new ConnectionProblem(Kind.UNREACHABLE, at + " does not answer ("
          + (code == Status.Code.UNAVAILABLE ? (text.contains("connection refused") ? "connection refused" : "unavailable") : "timed out")
          + ")");
    }
    return new ConnectionProblem(Kind.OTHER, at + " failed the call (" + (code == null ? failure.getClass().getSimpleName() : code) + ")");
  }

  private static Status.Code code(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException e) {
        return e.getStatus().getCode();
      }
    }
    return null;
  }

  /** Every class name and message down the cause chain, lower case, for matching only. */
  private static String causes(Throwable failure) {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
      for (Throwable suppressed : t.getSuppressed()) {
        text.append(suppressed.getMessage()).append('\n');
      }
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }
}
