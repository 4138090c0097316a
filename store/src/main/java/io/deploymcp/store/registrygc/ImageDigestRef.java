package io.deploymcp.store.registrygc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image named by digest, split the way the registry's API sees it: {@code repository} is the
 * path without the registry host (what {@code /v2/_catalog} lists, e.g. {@code dp-acme-web/api})
 * and {@code digest} is {@code sha256:<64 hex>}. Deployments record {@code host/repository@digest}.
 */
public record ImageDigestRef(String repository, String digest) {
  private static final Pattern REFERENCE = Pattern.compile("[^/@]+/([^@]+)@(sha256:[0-9a-f]{64})");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public ImageDigestRef {
    if (repository == null || repository.isEmpty() || repository.contains("@")) {
      throw new IllegalArgumentException("not a repository: '" + repository + "'");
    }
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("not a sha256 digest: '" + digest + "'");
    }
  }

  /** The repository and digest of a deployment's {@code image_ref}; empty when it is not a digest reference. */
  public static Optional<ImageDigestRef> parse(String imageRef) {
    if (imageRef == null) {
      return Optional.empty();
    }
    Matcher m = REFERENCE.matcher(imageRef);
    return m.matches() ? Optional.of(new ImageDigestRef(m.group(1), m.group(2))) : Optional.empty();
  }

  public static boolean isDigest(String value) {
    return value != null && DIGEST.matcher(value).matches();
  }

  @Override
  public String toString() {
    return repository + "@" + digest;
  }
}
