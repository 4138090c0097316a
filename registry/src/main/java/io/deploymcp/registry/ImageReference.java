package io.deploymcp.registry;

/**
 * A fully qualified, tagged image reference such as {@code 127.0.0.1:5000/dp-acme-web/api:3f2c1ab}.
 * The registry host and the tag are both required: the platform never relies on Docker Hub as
 * a default, and a push without a tag would push every local tag of the repository.
 *
 * @param registry host[:port] of the registry
 * @param repository path inside the registry, e.g. {@code dp-acme-web/api}
 * @param tag e.g. the commit sha
 */
public record ImageReference(String registry, String repository, String tag) {

  public ImageReference {
    if (!ReferenceGrammar.isDomain(registry)) {
      throw ReferenceGrammar.invalid("registry host '" + registry + "' is not host[:port]");
    }
    if (!ReferenceGrammar.isPath(repository)) {
      throw ReferenceGrammar.invalid("repository '" + repository + "' is not a valid image path");
    }
    if (!ReferenceGrammar.isTag(tag)) {
      throw ReferenceGrammar.invalid("tag '" + tag + "' is not a valid image tag");
    }
    if (registry.length() + 1 + repository.length() > ReferenceGrammar.NAME_TOTAL_LENGTH_MAX) {
      throw ReferenceGrammar.invalid("image name is longer than "
          + ReferenceGrammar.NAME_TOTAL_LENGTH_MAX + " characters");
    }
  }

  /** Parses {@code host[:port]/path:tag}; the first component must be a registry host. */
  public static ImageReference parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw ReferenceGrammar.invalid("image reference is empty");
    }
    int slash = reference.indexOf('/');
    if (slash <= 0) {
      throw ReferenceGrammar.invalid("image reference '" + reference + "' has no registry host");
    }
    String registry = reference.substring(0, slash);
    String rest = reference.substring(slash + 1);
    // Docker's rule: the first component is a host only if it has a '.' or ':' or is localhost.
    if (!(registry.contains(".") || registry.contains(":") || registry.equals("localhost"))) {
      throw ReferenceGrammar.invalid("image reference '" + reference + "' has no registry host");
    }
    if (rest.contains("@")) {
      throw ReferenceGrammar.invalid("image reference '" + reference + "' must use a tag, not a digest");
    }
    int colon = rest.lastIndexOf(':');
    if (colon < 0) {
      throw ReferenceGrammar.invalid("image reference '" + reference + "' has no tag");
    }
    return new ImageReference(registry, rest.substring(0, colon), rest.substring(colon + 1));
  }

  /** {@code host[:port]/path}, without the tag. */
  public String name() {
    return registry + "/" + repository;
  }

  @Override
  public String toString() {
    return name() + ":" + tag;
  }
}
