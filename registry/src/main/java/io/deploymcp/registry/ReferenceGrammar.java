package io.deploymcp.registry;

import java.util.regex.Pattern;

/**
 * The parts of the distribution reference grammar (github.com/distribution/reference) this
 * module checks names against, so an invalid name fails here with a clear message rather than
 * in the engine or the registry halfway through a build.
 */
final class ReferenceGrammar {
  private ReferenceGrammar() {}

  /** One path component: lowercase alphanumerics, joined by '.', '_', '__' or runs of '-'. */
  static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

  /** A repository path: path components separated by '/'. */
  static final Pattern PATH =
      Pattern.compile(PATH_COMPONENT.pattern() + "(?:/" + PATH_COMPONENT.pattern() + ")*");

  /** A registry host: DNS name, IPv4 address or bracketed IPv6 address, with an optional port. */
  static final Pattern DOMAIN = Pattern.compile(
      "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
          + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?");

  static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

  /** Longest full name (registry host and repository path) the grammar allows. */
  static final int NAME_TOTAL_LENGTH_MAX = 255;

  static boolean isDomain(String value) {
    return value != null && DOMAIN.matcher(value).matches();
  }

  static boolean isPath(String value) {
    return value != null && PATH.matcher(value).matches();
  }

  static boolean isPathComponent(String value) {
    return value != null && PATH_COMPONENT.matcher(value).matches();
  }

  static boolean isTag(String value) {
    return value != null && TAG.matcher(value).matches();
  }

  static boolean isDigest(String value) {
    return value != null && DIGEST.matcher(value).matches();
  }

  static RegistryException invalid(String message) {
    return new RegistryException(
        RegistryErrorCode.IMAGE_NAME_INVALID,
        message,
        "Image names are lowercase letters, digits and single separators ('.', '_', '__', '-')"
            + " between them; tags are up to 128 letters, digits, '_', '.', '-'.");
  }
}
