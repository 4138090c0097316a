package io.deploymcp.buildkit.connection;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.BuildKitException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * TLS for a {@code tcp://} BuildKit, as buildctl's {@code --tlscacert}, {@code --tlscert},
 * {@code --tlskey} and {@code --tlsservername}: the CA that signed the daemon's certificate, a
 * client certificate and key for a daemon that asks for one (mutual TLS), and the name to check
 * the daemon's certificate against when it is not the host of BUILDKIT_HOST.
 *
 * <p>Constructing one loads every file with netty's PEM reader, so a value of this type is known
 * to be usable. Errors name the setting and the path, never what a file holds.
 *
 * @param caCert {@code BUILDKIT_TLS_CA_CERT}: PEM certificate(s) trusted for the daemon. Unlike
 *     buildctl, required: buildkitd certificates come from private CAs, and silently falling back
 *     to the JDK's public roots would turn a forgotten setting into a confusing handshake error
 * @param clientCert {@code BUILDKIT_TLS_CERT}: PEM certificate chain presented to the daemon
 * @param clientKey {@code BUILDKIT_TLS_KEY}: its unencrypted PKCS#8 PEM key ({@code BEGIN PRIVATE KEY})
 * @param serverName {@code BUILDKIT_TLS_SERVER_NAME}: the name the daemon's certificate must carry
 */
public record BuildKitTls(
    Path caCert, Optional<Path> clientCert, Optional<Path> clientKey, Optional<String> serverName) {

  public static final String CA_CERT_SETTING = "BUILDKIT_TLS_CA_CERT";
  public static final String CERT_SETTING = "BUILDKIT_TLS_CERT";
  public static final String KEY_SETTING = "BUILDKIT_TLS_KEY";
  public static final String SERVER_NAME_SETTING = "BUILDKIT_TLS_SERVER_NAME";

  /** What is left of a name after SNI and hostname checks: a DNS name or an IP literal. */
  private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9._\\-:\\[\\]]{1,253}");

  static final String HINT =
      "Set " + CA_CERT_SETTING + " to the PEM CA certificate that signed buildkitd's certificate; set "
          + CERT_SETTING + " and " + KEY_SETTING + " together (PEM certificate, PKCS#8 PEM key: `openssl"
          + " pkcs8 -topk8 -nocrypt`) when buildkitd asks for client certificates, and "
          + SERVER_NAME_SETTING + " when its certificate names another host than BUILDKIT_HOST."
          + " TLS applies to tcp:// addresses only.";

  public BuildKitTls {
    if (caCert == null) {
      throw invalid(CA_CERT_SETTING + " is not set");
    }
    clientCert = clientCert == null ? Optional.empty() : clientCert;
    clientKey = clientKey == null ? Optional.empty() : clientKey;
    serverName = serverName == null ? Optional.empty() : serverName;
    if (clientCert.isPresent() != clientKey.isPresent()) {
      throw invalid(clientCert.isPresent()
          ? CERT_SETTING + " is set but " + KEY_SETTING + " is not: a client certificate needs its key"
          : KEY_SETTING + " is set but " + CERT_SETTING + " is not: a client key needs its certificate");
    }
    serverName.ifPresent(name -> {
      if (!SERVER_NAME.matcher(name).matches()) {
        throw invalid(SERVER_NAME_SETTING + " is not a host name or IP address");
      }
    });
    readable(caCert, CA_CERT_SETTING);
    clientCert.ifPresent(path -> readable(path, CERT_SETTING));
    clientKey.ifPresent(path -> readable(path, KEY_SETTING));
    load(caCert, clientCert, clientKey);
  }

  /** Server authentication only: the daemon's certificate is checked against {@code caCert}. */
  public static BuildKitTls of(Path caCert) {
    return new BuildKitTls(caCert, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The same, also presenting a client certificate (buildkitd started with {@code --tlscacert}). */
  public BuildKitTls withClientCertificate(Path cert, Path key) {
    return new BuildKitTls(caCert, Optional.of(cert), Optional.of(key), serverName);
  }

  /** The same, checking the daemon's certificate for {@code name} instead of the address's host. */
  public BuildKitTls withServerName(String name) {
    return new BuildKitTls(caCert, clientCert, clientKey, Optional.of(name));
  }

  /**
   * From the four settings as an operator writes them, each null or blank when unset: empty when
   * none is set (plaintext), otherwise validated; any of them without the CA is refused.
   */
  public static Optional<BuildKitTls> fromSettings(String caCert, String cert, String key, String serverName) {
    Optional<String> ca = present(caCert);
    Optional<String> clientCert = present(cert);
    Optional<String> clientKey = present(key);
    Optional<String> name = present(serverName);
    if (ca.isEmpty()) {
      if (clientCert.isEmpty() && clientKey.isEmpty() && name.isEmpty()) {
        return Optional.empty();
      }
      String set = clientCert.isPresent() ? CERT_SETTING : clientKey.isPresent() ? KEY_SETTING : SERVER_NAME_SETTING;
      throw invalid(set + " is set but " + CA_CERT_SETTING + " is not: TLS needs the CA that signed buildkitd's certificate");
    }
    return Optional.of(new BuildKitTls(
        Path.of(ca.get()), clientCert.map(Path::of), clientKey.map(Path::of), name));
  }

  /**
   * Refuses TLS for addresses that are not {@code tcp://}: a unix socket is protected by its file
   * permissions, and the engine's {@code /grpc} upgrade is plaintext HTTP/2 by design.
   */
  public void requireUsableWith(BuildKitAddress address) {
    if (!(address instanceof BuildKitAddress.Tcp)) {
      String scheme = switch (address) {
        case BuildKitAddress.Unix unix -> "unix://";
        case BuildKitAddress.DockerEngine engine -> "docker://";
        case BuildKitAddress.Tcp tcp -> "tcp://";
      };
      throw invalid("TLS settings (" + CA_CERT_SETTING + " ...) apply to tcp:// only, but BUILDKIT_HOST is "
          + scheme + "; unset them or use a tcp://host:port address");
    }
  }

  /** Netty's client context with HTTP/2 ALPN, loading the files again (they are small). */
  SslContext sslContext() {
    try {
      return load(caCert, clientCert, clientKey).build();
    } catch (SSLException e) {
      // The JDK's text here describes the key material's type, never its bytes.
      throw invalid("TLS settings could not be turned into a TLS context: " + e.getMessage());
    }
  }

  private static SslContextBuilder load(Path caCert, Optional<Path> clientCert, Optional<Path> clientKey) {
    SslContextBuilder builder = GrpcSslContexts.forClient();
    try {
      builder.trustManager(caCert.toFile());
    } catch (IllegalArgumentException e) {
      throw unreadable(CA_CERT_SETTING, caCert, "a PEM certificate");
    }
    if (clientCert.isPresent()) {
      try {
        // Parses both files at once; netty's message says which of the two it could not read.
        builder.keyManager(clientCert.get().toFile(), clientKey.orElseThrow().toFile());
      } catch (IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        throw message.contains("private key")
            ? unreadable(KEY_SETTING, clientKey.get(), "an unencrypted PKCS#8 PEM private key")
            : unreadable(CERT_SETTING, clientCert.get(), "a PEM certificate");
      }
    }
    return builder;
  }

  private static void readable(Path path, String setting) {
    if (!Files.exists(path)) {
      throw invalid(setting + ": no file at " + path);
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw invalid(setting + ": " + path + " is not a readable file");
    }
  }

  private static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static BuildKitException unreadable(String setting, Path path, String what) {
    return invalid(setting + ": " + path + " does not hold " + what);
  }

  private static BuildKitException invalid(String message) {
    return new BuildKitException(BuildKitErrorCode.BUILDKIT_TLS_INVALID, message, HINT);
  }
}
