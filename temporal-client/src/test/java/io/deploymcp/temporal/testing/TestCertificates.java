package io.deploymcp.temporal.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA made at test time (nothing committed expires), and the server and client
 * certificates it signs. EC P-256 keys by default because they are generated in milliseconds;
 * RSA on request, to exercise the PKCS#1 key form.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private TestCertificates() {}

  /** A certificate and its key, as PEM text or files. */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    public PrivateKey privateKey() {
      return keys.getPrivate();
    }

    public String certificatePem() {
      return pem(certificate);
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}), as cert-manager writes it. */
    public String keyPem() {
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
    }

    /** OpenSSL's traditional form: {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE KEY}. */
    public String keyPemTraditional() {
      if (!(keys.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec)) {
        return pem(keys);
      }
      // As openssl writes SEC1: with the curve and the public key inside (Bouncy Castle's writer
      // leaves the curve out for JDK keys, which no reader can then use).
      try {
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(ec.getEncoded());
        var publicKey = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
            ec.getParams().getOrder().bitLength(), ec.getS(), publicKey.getPublicKeyData(),
            info.getPrivateKeyAlgorithm().getParameters());
        return pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Writes tls.crt and tls.key into {@code dir}, as a mounted Secret looks. */
    public Path writeTo(Path dir) {
      try {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tls.crt"), certificatePem());
        Files.writeString(dir.resolve("tls.key"), keyPem());
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A self-signed CA that can issue server and client certificates. */
  public record Ca(Issued self) {
    public X509Certificate certificate() {
      return self.certificate();
    }

    public String certificatePem() {
      return self.certificatePem();
    }

    /** A server certificate for {@code localhost} and 127.0.0.1, plus any extra DNS names. */
    public Issued server(String commonName, String... dnsNames) {
      List<GeneralName> names = new ArrayList<>();
      names.add(new GeneralName(GeneralName.dNSName, "localhost"));
      names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
      for (String name : dnsNames) {
        names.add(new GeneralName(GeneralName.dNSName, name));
      }
      return issue(commonName, names, KeyPurposeId.id_kp_serverAuth, "EC", Duration.ofDays(1));
    }

    public Issued client(String commonName) {
      return client(commonName, "EC");
    }

    /** @param algorithm "EC" or "RSA" */
    public Issued client(String commonName, String algorithm) {
      return issue(commonName, List.of(), KeyPurposeId.id_kp_clientAuth, algorithm, Duration.ofDays(1));
    }

    /** A client certificate whose validity ended an hour ago. */
    public Issued expiredClient(String commonName) {
      return issue(commonName, List.of(), KeyPurposeId.id_kp_clientAuth, "EC", Duration.ofHours(-1));
    }

    private Issued issue(String cn, List<GeneralName> names, KeyPurposeId purpose, String algorithm, Duration validFor) {
      try {
        KeyPair keys = keyPair(algorithm);
        Instant now = Instant.now();
        Instant notAfter = now.plus(validFor);
        Instant notBefore = validFor.isNegative() ? notAfter.minus(Duration.ofDays(1)) : now.minus(Duration.ofMinutes(5));
        X509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                    self.certificate(),
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    new X500Name("CN=" + cn),
                    keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (!names.isEmpty()) {
          builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        return new Issued(sign(builder, self.privateKey()), keys);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static Ca newCa(String commonName) {
    try {
      KeyPair keys = keyPair("EC");
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=" + commonName);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  BigInteger.valueOf(SERIAL.incrementAndGet()),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(Duration.ofDays(1))),
                  name,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new Ca(new Issued(sign(builder, keys.getPrivate()), keys));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    } else {
      generator.initialize(2048);
    }
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws GeneralSecurityException {
    try {
      String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
