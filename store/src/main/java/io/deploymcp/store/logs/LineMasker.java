package io.deploymcp.store.logs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values in log lines with {@value #MASK} before they are stored. Besides each
 * value itself it masks the forms a build is likely to print: base64 (standard and URL-safe,
 * at each of the three byte alignments, so a secret inside a longer encoded string such as
 * {@code user:secret} in a Basic auth header is caught too), URL-encoding, and each line of a
 * multi-line value (a PEM key printed line by line).
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not masked: they would blank out
 * ordinary words everywhere, and such a value protects nothing.
 */
public final class LineMasker {
  public static final String MASK = "***";
  public static final int MIN_LENGTH = 4;

  private static final LineMasker NONE = new LineMasker(List.of());

  /** Longest first, so a longer form is replaced whole before a shorter one inside it. */
  private final List<String> needles;

  private LineMasker(List<String> needles) {
    this.needles = needles;
  }

  /** A masker that changes nothing. */
  public static LineMasker none() {
    return NONE;
  }

  public static LineMasker of(Collection<String> secrets) {
    Set<String> forms = new LinkedHashSet<>();
    for (String secret : secrets) {
      if (secret == null) {
        continue;
      }
      addForms(forms, secret);
      if (secret.indexOf('\n') >= 0) {
        for (String line : secret.split("\r?\n")) {
          addForms(forms, line.strip());
        }
      }
    }
    List<String> needles = new ArrayList<>(forms);
    needles.removeIf(s -> s.length() < MIN_LENGTH);
    needles.sort(Comparator.comparingInt(String::length).reversed());
    return needles.isEmpty() ? NONE : new LineMasker(List.copyOf(needles));
  }

  public String mask(String line) {
    if (line == null || needles.isEmpty()) {
      return line;
    }
    String out = line;
    for (String needle : needles) {
      if (out.contains(needle)) {
        out = out.replace(needle, MASK);
      }
    }
    return out;
  }

  public List<LogLine> mask(List<LogLine> lines) {
    if (needles.isEmpty()) {
      return lines;
    }
    List<LogLine> out = new ArrayList<>(lines.size());
    for (LogLine line : lines) {
      out.add(new LogLine(line.at(), line.stream(), mask(line.line())));
    }
    return out;
  }

  /** Number of distinct forms masked; for tests and diagnostics, never the forms themselves. */
  int size() {
    return needles.size();
  }

  @Override
  public String toString() {
    return "LineMasker[" + needles.size() + " forms]";
  }

  private static void addForms(Set<String> forms, String secret) {
    if (secret.length() < MIN_LENGTH) {
      return;
    }
    forms.add(secret);
    String urlEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    forms.add(urlEncoded);
    forms.add(urlEncoded.replace("+", "%20"));
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int shift = 0; shift < 3; shift++) {
      forms.add(alignedBase64(Base64.getEncoder().withoutPadding(), bytes, shift));
      forms.add(alignedBase64(Base64.getUrlEncoder().withoutPadding(), bytes, shift));
    }
    // The complete encoding, padding included, as `echo -n "$SECRET" | base64` prints it.
    forms.add(Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * The base64 characters that depend on the secret's bytes alone when the secret starts
   * {@code shift} bytes into a 3-byte group: the characters shared with the bytes before and
   * after it are left out, since those change with the surrounding text.
   */
  static String alignedBase64(Base64.Encoder encoder, byte[] secret, int shift) {
    byte[] shifted = new byte[shift + secret.length];
    System.arraycopy(secret, 0, shifted, shift, secret.length);
    String encoded = encoder.encodeToString(shifted);
    int start = shift == 0 ? 0 : shift == 1 ? 2 : 3;
    int total = shifted.length;
    int rem = total % 3;
    int end = (total / 3) * 4 + (rem == 0 ? 0 : rem == 1 ? 1 : 2);
    return end > start ? encoded.substring(start, end) : "";
  }
}
