package io.deploymcp.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The API key format {@code dpk_<8 char id>_<40 random chars>}: the {@code dpk_<id>} part is
 * the public prefix shown in listings and audit entries; only a SHA-256 of the whole key is
 * stored. Keys of another shape (e.g. an operator-chosen DP_BOOTSTRAP_API_KEY) work too.
 */
public final class ApiKeys {
  private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String ALNUM = LOWER_ALNUM + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final Pattern FORMAT = Pattern.compile("dpk_([a-z0-9]{8})_[A-Za-z0-9]{32,}");
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final int MAX_LENGTH = 512;

  private ApiKeys() {}

  /** A new random key (about 238 bits of entropy in the secret part). */
  public static String generate() {
    return "dpk_" + random(8, LOWER_ALNUM) + "_" + random(40, ALNUM);
  }

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The displayable, non-secret prefix of a key. */
  public static String prefixOf(String key) {
    var m = FORMAT.matcher(key);
    if (m.matches()) {
      return "dpk_" + m.group(1);
    }
    // A foreign-format key: show a short fingerprint rather than any of its characters.
    return "key_" + HexFormat.of().formatHex(hash(key)).substring(0, 8);
  }

  private static String random(int length, String alphabet) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
