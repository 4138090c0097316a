package io.deploymcp.checkout.github;

import io.deploymcp.checkout.CheckoutException;
import io.deploymcp.checkout.CheckoutFailure;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads a GitHub App's private key: the PEM GitHub hands out ({@code BEGIN RSA PRIVATE KEY},
 * PKCS#1, which the JDK cannot read by itself) or a PKCS#8 one ({@code BEGIN PRIVATE KEY}).
 * Bouncy Castle parses it; errors never quote the key.
 */
final class GitHubAppKey {
  private GitHubAppKey() {}

  static RSAPrivateKey parse(String pem) {
    if (pem == null || pem.isBlank()) {
      throw invalid("GITHUB_APP_PRIVATE_KEY is empty");
    }
    // Environment files often carry the PEM on one line with literal "\n" escapes.
    String text = pem.indexOf('\n') < 0 ? pem.replace("\\n", "\n") : pem;
    Object object;
    try (PEMParser parser = new PEMParser(new StringReader(text.strip()))) {
      object = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw invalid("GITHUB_APP_PRIVATE_KEY is not a readable PEM block");
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    PrivateKey key;
    try {
      if (object instanceof PEMKeyPair pair) {
        key = converter.getKeyPair(pair).getPrivate();
      } else if (object instanceof PrivateKeyInfo info) {
        key = converter.getPrivateKey(info);
      } else {
        throw invalid(
            "GITHUB_APP_PRIVATE_KEY holds "
                + (object == null ? "no PEM block" : "a PEM block that is not an unencrypted private key"));
      }
    } catch (IOException e) {
      throw invalid("GITHUB_APP_PRIVATE_KEY is not a valid private key");
    }
    if (!(key instanceof RSAPrivateKey rsa)) {
      throw invalid("GITHUB_APP_PRIVATE_KEY is a " + key.getAlgorithm() + " key; GitHub Apps sign with RSA");
    }
    return rsa;
  }

  private static CheckoutException invalid(String why) {
    return new CheckoutException(
        CheckoutFailure.REPO_AUTH_FAILED,
        why,
        "Set GITHUB_APP_PRIVATE_KEY to the private key (.pem) generated in the GitHub App's"
            + " settings: the whole PEM text, BEGIN and END lines included.");
  }
}
