package io.deploymcp.images;

/**
 * An image pushed to the registry.
 *
 * @param reference repository:tag as pushed
 * @param digest the manifest digest the registry holds (sha256:...)
 * @param imageId the config digest (what {@code docker images} shows)
 */
public record BuiltImage(String reference, String digest, String imageId) {
  /** repository@digest: what a pod spec pins. */
  public String pinned() {
    return reference.substring(0, reference.lastIndexOf(':')) + "@" + digest;
  }
}
