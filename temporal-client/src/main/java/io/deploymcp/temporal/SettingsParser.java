package io.deploymcp.temporal;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads and checks the TEMPORAL_* variables; collects one problem per bad variable. */
final class SettingsParser {
  private static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  private static final String DEFAULT_NAMESPACE = "default";
  private static final Pattern HOST_PORT =
      Pattern.compile("(?<host>\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(?<port>\\d{1,5})");
  // Temporal Cloud names are "<name>.<account>"; self-hosted ones are words with dashes.
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
  private static final Pattern DNS_NAME =
      Pattern.compile("(?=.{1,253}$)[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

  private final Function<String, String> lookup;
  private final List<String> problems = new ArrayList<>();

  SettingsParser(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  TemporalSettings parse() {
    String address = address();
    String namespace = namespace();
    Optional<String> serverName = serverName();
    Optional<ApiKey> apiKey = apiKey();
    Optional<ClientTls> tls = tls(serverName.isPresent() || apiKey.isPresent());
    if (!problems.isEmpty()) {
      throw new InvalidTemporalSettingsException(problems);
    }
    return new TemporalSettings(address, namespace, tls, serverName, apiKey);
  }

  private Optional<String> value(TemporalVariable variable) {
    String value = lookup.apply(variable.envName());
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  private String address() {
    String value = value(TemporalVariable.ADDRESS).map(String::strip).orElse(DEFAULT_ADDRESS);
    var matcher = HOST_PORT.matcher(value);
    if (!matcher.matches()) {
      problems.add("TEMPORAL_ADDRESS: '" + value + "' is not host:port (for example temporal-frontend.temporal:7233"
          + " or <namespace>.<account>.tmprl.cloud:7233)");
    } else {
      int port = Integer.parseInt(matcher.group("port"));
      if (port < 1 || port > 65535) {
        problems.add("TEMPORAL_ADDRESS: port " + port + " is not between 1 and 65535");
      }
    }
    return value;
  }

  private String namespace() {
    String value = value(TemporalVariable.NAMESPACE).map(String::strip).orElse(DEFAULT_NAMESPACE);
    if (!NAMESPACE.matcher(value).matches()) {
      problems.add("TEMPORAL_NAMESPACE: '" + value + "' is not a namespace name (letters, digits, '.', '-', '_')");
    }
    return value;
  }

  private Optional<String> serverName() {
    Optional<String> value = value(TemporalVariable.TLS_SERVER_NAME).map(String::strip);
    if (value.isPresent() && !DNS_NAME.matcher(value.get()).matches()) {
      problems.add("TEMPORAL_TLS_SERVER_NAME: '" + value.get() + "' is not a DNS name");
    }
    return value;
  }

  private Optional<ApiKey> apiKey() {
    Optional<String> value = value(TemporalVariable.API_KEY);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    // Never echo the key, not even a part of it.
    if (value.get().chars().anyMatch(Character::isWhitespace)) {
      problems.add("TEMPORAL_API_KEY: contains whitespace or a line break (copied with the key?); give the key alone");
    } else if (value.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      problems.add("TEMPORAL_API_KEY: contains characters an HTTP header cannot carry; give the key alone");
    }
    return Optional.of(new ApiKey(value.get()));
  }

  private Optional<ClientTls> tls(boolean impliedByOthers) {
    Optional<String> certValue = value(TemporalVariable.TLS_CERT);
    Optional<String> keyValue = value(TemporalVariable.TLS_KEY);
    Optional<String> caValue = value(TemporalVariable.TLS_CA);
    if (certValue.isPresent() && keyValue.isEmpty()) {
      problems.add("TEMPORAL_TLS_KEY: not set, but TEMPORAL_TLS_CERT is: mTLS needs both (or neither)");
    }
    if (keyValue.isPresent() && certValue.isEmpty()) {
      problems.add("TEMPORAL_TLS_CERT: not set, but TEMPORAL_TLS_KEY is: mTLS needs both (or neither)");
    }
    if (certValue.isEmpty() && keyValue.isEmpty() && caValue.isEmpty() && !impliedByOthers) {
      return Optional.empty();
    }
    List<X509Certificate> chain = certValue.map(v -> certificates(TemporalVariable.TLS_CERT, v)).orElse(List.of());
    PrivateKey key = keyValue.map(this::privateKey).orElse(null);
    List<X509Certificate> cas = caValue.map(v -> certificates(TemporalVariable.TLS_CA, v)).orElse(List.of());
    if (!chain.isEmpty() && key != null && !matches(key, chain.getFirst())) {
      problems.add("TEMPORAL_TLS_KEY: does not match the certificate in TEMPORAL_TLS_CERT ("
          + chain.getFirst().getSubjectX500Principal().getName() + ")");
    }
    if (!problems.isEmpty()) {
      return Optional.empty();
    }
    SslContext context = sslContext(chain, key, cas);
    return context == null ? Optional.empty() : Optional.of(new ClientTls(chain, cas, context));
  }

  private List<X509Certificate> certificates(TemporalVariable variable, String value) {
    String name = variable.envName();
    String pem = PemInput.read(variable, value, problems);
    if (pem == null) {
      return List.of();
    }
    PemContents contents;
    try {
      contents = PemContents.parse(pem);
    } catch (IOException e) {
      problems.add(name + ": is not a readable PEM certificate (damaged or cut short)");
      return List.of();
    }
    if (!contents.keys().isEmpty() || contents.encryptedKey()) {
      problems.add(name + ": holds a private key; put only certificates here"
          + (variable == TemporalVariable.TLS_CERT ? " and the key in TEMPORAL_TLS_KEY" : ""));
      return List.of();
    }
    if (contents.certificates().isEmpty()) {
      problems.add(name + ": holds no certificate (expected a BEGIN CERTIFICATE block)");
      return List.of();
    }
    for (X509Certificate certificate : contents.certificates()) {
      String subject = certificate.getSubjectX500Principal().getName();
      try {
        certificate.checkValidity();
      } catch (CertificateExpiredException e) {
        problems.add(name + ": the certificate " + subject + " expired on " + certificate.getNotAfter().toInstant());
      } catch (CertificateNotYetValidException e) {
        problems.add(name + ": the certificate " + subject + " is valid only from " + certificate.getNotBefore().toInstant());
      }
    }
    return contents.certificates();
  }

  private PrivateKey privateKey(String value) {
    String pem = PemInput.read(TemporalVariable.TLS_KEY, value, problems);
    if (pem == null) {
      return null;
    }
    PemContents contents;
    try {
      contents = PemContents.parse(pem);
    } catch (IOException e) {
      problems.add("TEMPORAL_TLS_KEY: is not a readable PEM private key (damaged or cut short)");
      return null;
    }
    if (contents.encryptedKey()) {
      problems.add("TEMPORAL_TLS_KEY: the key is encrypted; give it unencrypted"
          + " (openssl pkey -in key.pem -out plain.pem) and protect it with the Secret instead");
      return null;
    }
    if (contents.keys().size() != 1) {
      problems.add(contents.keys().isEmpty()
          ? "TEMPORAL_TLS_KEY: holds no private key (expected BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"
          : "TEMPORAL_TLS_KEY: holds " + contents.keys().size() + " private keys; give the one of TEMPORAL_TLS_CERT");
      return null;
    }
    return contents.keys().getFirst();
  }

  /** Signs a random challenge with the key and checks it with the certificate's public key. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC", "ECDSA" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          case "Ed448" -> "Ed448";
          default -> null;
        };
    if (algorithm == null) {
      // An algorithm we cannot check here: the TLS handshake will tell.
      return true;
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Different key types (an EC key for an RSA certificate) land here.
      return false;
    }
  }

  private SslContext sslContext(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> cas) {
    try {
      SslContextBuilder builder = GrpcSslContexts.forClient();
      if (key != null && !chain.isEmpty()) {
        builder.keyManager(key, chain.toArray(X509Certificate[]::new));
      }
      if (!cas.isEmpty()) {
        builder.trustManager(cas.toArray(X509Certificate[]::new));
      }
      return builder.build();
    } catch (IOException | RuntimeException e) {
      problems.add("TEMPORAL_TLS_CERT/TEMPORAL_TLS_KEY/TEMPORAL_TLS_CA: no TLS context could be built from them ("
          + e.getClass().getSimpleName() + ")");
      return null;
    }
  }
}
