package io.deploymcp.temporal;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * What one PEM text holds: certificates, private keys (PKCS#8, PKCS#1 RSA or SEC1 EC, as
 * openssl, cert-manager and Temporal's tcld write them) and whether a key was encrypted.
 * Bouncy Castle reads it because the JDK reads neither PKCS#1 nor SEC1.
 */
record PemContents(List<X509Certificate> certificates, List<PrivateKey> keys, boolean encryptedKey) {

  /** @throws IOException when the text is not well-formed PEM or DER inside */
  static PemContents parse(String pem) throws IOException {
    List<X509Certificate> certificates = new ArrayList<>();
    List<PrivateKey> keys = new ArrayList<>();
    boolean encrypted = false;
    JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter();
    JcaX509CertificateConverter certConverter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        switch (object) {
          case X509CertificateHolder holder -> certificates.add(certConverter.getCertificate(holder));
          // The private part only: SEC1 keys may omit the public key.
          case PEMKeyPair pair -> keys.add(keyConverter.getPrivateKey(pair.getPrivateKeyInfo()));
          case PrivateKeyInfo info -> keys.add(keyConverter.getPrivateKey(info));
          case PEMEncryptedKeyPair ignored -> encrypted = true;
          case PKCS8EncryptedPrivateKeyInfo ignored -> encrypted = true;
          default -> {
            // Parameters blocks (e.g. BEGIN EC PARAMETERS before an EC key) carry nothing we need.
          }
        }
      }
    } catch (CertificateException | RuntimeException e) {
      // Bouncy Castle's messages describe the encoding, never the content; still, keep them out.
      throw new IOException("malformed PEM");
    }
    return new PemContents(List.copyOf(certificates), List.copyOf(keys), encrypted);
  }

  @Override
  public String toString() {
    return "PemContents[" + certificates.size() + " certificates, " + keys.size() + " keys]";
  }
}
