package io.deploymcp.kube.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names of the objects the platform creates, in one place. Readable where the input allows
 * ({@code dp-<tenant>-<project>}); otherwise, and whenever a name would be too long, a readable
 * prefix plus {@code --} plus a hash of the full input. Readable names never contain {@code --}
 * (service and project names may not, tenants with a {@code -} take the hashed form), so a
 * hashed name can never equal a readable one, and two inputs share a name only if their SHA-256
 * prefixes collide.
 */
public final class KubeNames {
  /** Separates a readable prefix from the hash; only hashed names contain it. */
  public static final String HASH_SEPARATOR = "--";
  /** Hex characters of the hash in a namespace name: namespaces separate tenants. */
  static final int NAMESPACE_HASH_CHARS = 16;
  /** Hex characters of the hash in other names: they only have to differ inside one project. */
  static final int NAME_HASH_CHARS = 10;

  private static final String NAMESPACE_PREFIX = "dp-";
  private static final Pattern SIMPLE_TENANT = Pattern.compile("[a-z0-9]+");

  private KubeNames() {}

  /**
   * The namespace of a project: {@code dp-<tenant>-<project>} when the tenant is lowercase
   * letters and digits only, the project an RFC 1123 label without {@code --}, and the result fits
   * in 63 characters; otherwise {@code dp-<readable prefix>--<16 hex of SHA-256>}. A tenant with
   * a {@code -} always takes the hashed form, because {@code dp-a-b-c} would otherwise belong to
   * both tenant {@code a} (project {@code b-c}) and tenant {@code a-b} (project {@code c}).
   */
  public static String namespace(String tenant, String project) {
    if (SIMPLE_TENANT.matcher(tenant).matches()
        && DnsNames.isDns1123Label(project)
        && !project.contains(HASH_SEPARATOR)) {
      String readable = NAMESPACE_PREFIX + tenant + "-" + project;
      if (readable.length() <= DnsNames.LABEL_MAX) {
        return readable;
      }
    }
    String prefix = NAMESPACE_PREFIX + join(sanitize(tenant), sanitize(project));
    String hash = hash(tenant.length() + ":" + tenant + "/" + project, NAMESPACE_HASH_CHARS);
    return withHash(prefix, hash, DnsNames.LABEL_MAX);
  }

  /**
   * A label value for free text such as a tenant name: the text itself when it is a valid label
   * value without {@code --}, otherwise a sanitized prefix, {@code --} and a hash.
   */
  public static String labelValue(String raw) {
    if (DnsNames.isLabelValue(raw) && !raw.contains(HASH_SEPARATOR)) {
      return raw;
    }
    return withHash(sanitize(raw), hash(raw, NAME_HASH_CHARS), DnsNames.LABEL_MAX);
  }

  /**
   * {@code name} when it has at most {@code max} characters, else its first characters,
   * {@code --} and a hash of the whole name, exactly {@code max} characters or fewer. The input
   * is an RFC 1123 label without {@code --}; the result is one too.
   */
  public static String fit(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    return withHash(name, hash(name, NAME_HASH_CHARS), max);
  }

  private static String withHash(String readable, String hash, int max) {
    int room = max - HASH_SEPARATOR.length() - hash.length();
    String prefix = readable.length() > room ? readable.substring(0, room) : readable;
    prefix = trimDashes(prefix);
    return prefix.isEmpty() ? "x" + HASH_SEPARATOR + hash : prefix + HASH_SEPARATOR + hash;
  }

  /** Lowercase, anything but letters and digits becomes one '-', no '-' at either end. */
  private static String sanitize(String raw) {
    String lower = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return trimDashes(lower);
  }

  private static String join(String a, String b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : a + "-" + b;
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }

  private static String hash(String input, int hexChars) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
