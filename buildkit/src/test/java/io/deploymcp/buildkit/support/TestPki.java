package io.deploymcp.buildkit.support;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A throwaway certificate authority for TLS tests, made with Bouncy Castle: one CA, and server and
 * client certificates it signs, written as PEM files the way buildkitd's and buildctl's flags take
 * them (certificate, PKCS#8 key). EC P-256 keys, because they are made in milliseconds.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final String name;
  private final KeyPair caKeys;
  private final X509Certificate ca;

  private TestPki(Path dir, String name, KeyPair caKeys, X509Certificate ca) {
    this.dir = dir;
    this.name = name;
    this.caKeys = caKeys;
    this.ca = ca;
  }

  /** A new CA whose files go to {@code dir}, named after {@code name}. */
  public static TestPki create(Path dir, String name) throws Exception {
    KeyPair keys = keyPair();
    X500Name subject = new X500Name("CN=" + name + " test CA");
    X509v3CertificateBuilder builder = builder(subject, subject, keys)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    TestPki pki = new TestPki(dir, name, keys, sign(builder, keys));
    write(dir.resolve(name + "-ca.pem"), "CERTIFICATE", pki.ca.getEncoded());
    return pki;
  }

  public Path caCertFile() {
    return dir.resolve(name + "-ca.pem");
  }

  /** A server certificate for {@code dnsNames} and {@code ipAddresses} (subject alternative names). */
  public Issued server(String file, List<String> dnsNames, List<String> ipAddresses) throws Exception {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return issue(file, KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(names.toArray(GeneralName[]::new)));
  }

  /** A client certificate, as buildkitd's {@code --tlscacert} asks clients for. */
  public Issued client(String file) throws Exception {
    return issue(file, KeyPurposeId.id_kp_clientAuth, null);
  }

  /** A certificate file and its key file. */
  public record Issued(Path cert, Path key) {}

  private Issued issue(String file, KeyPurposeId purpose, GeneralNames altNames) throws Exception {
    KeyPair keys = keyPair();
    X509v3CertificateBuilder builder =
        builder(new X500Name("CN=" + name + " test CA"), new X500Name("CN=" + file), keys)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    if (altNames != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, altNames);
    }
    X509Certificate cert = sign(builder, caKeys);
    Path certFile = dir.resolve(file + ".pem");
    Path keyFile = dir.resolve(file + "-key.pem");
    write(certFile, "CERTIFICATE", cert.getEncoded());
    // getEncoded() of a JCA private key is PKCS#8, which is what netty reads without extras.
    write(keyFile, "PRIVATE KEY", keys.getPrivate().getEncoded());
    return new Issued(certFile, keyFile);
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static void write(Path file, String type, byte[] der) throws IOException {
    StringWriter text = new StringWriter();
    try (PemWriter pem = new PemWriter(text)) {
      pem.writeObject(new PemObject(type, der));
    }
    Files.writeString(file, text.toString());
  }
}
