package io.deploymcp.checkout;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it leaves the checkout: known secret values, the userinfo
 * part of URLs, and {@code password=} / {@code token=} style parameters. Same rules as the
 * worker's redactor, so both can be swapped without a behaviour change.
 */
public final class SecretRedactor {
  public static final String MASK = "***";

  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)((?:password|passwd|token|secret|access_token)=)[^&\\s]+");

  private SecretRedactor() {}

  public static String redact(String text, Collection<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, MASK);
      }
    }
    out = URL_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
    return SECRET_PARAMETER.matcher(out).replaceAll("$1" + MASK);
  }
}
