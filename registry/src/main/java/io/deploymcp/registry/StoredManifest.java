package io.deploymcp.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A manifest or index as the registry stores it.
 *
 * @param digest the registry's {@code Docker-Content-Digest}
 * @param mediaType the {@code Content-Type} it was answered with
 * @param body the bytes the digest is taken over
 */
public record StoredManifest(String digest, String mediaType, byte[] body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An OCI index or Docker manifest list: it names other manifests of the repository by digest. */
  public boolean isIndex() {
    return mediaType.startsWith("application/vnd.oci.image.index.v1+json")
        || mediaType.startsWith("application/vnd.docker.distribution.manifest.list.v2+json");
  }

  /**
   * The manifests an index names ({@code manifests[].digest}); empty for an image manifest. They
   * live in the same repository, usually untagged, and the index is broken without them.
   *
   * @throws RegistryException REGISTRY_ERROR when an index is not JSON or names something that is not a digest
   */
  public Set<String> children() {
    if (!isIndex()) {
      return Set.of();
    }
    JsonNode manifests;
    try {
      manifests = JSON.readTree(body).path("manifests");
    } catch (IOException e) {
      throw unreadable("is not JSON");
    }
    Set<String> digests = new LinkedHashSet<>();
    for (JsonNode entry : manifests) {
      String child = entry.path("digest").asText("");
      if (!ReferenceGrammar.isDigest(child)) {
        throw unreadable("names a manifest that is not a sha256 digest");
      }
      digests.add(child);
    }
    return Set.copyOf(digests);
  }

  private RegistryException unreadable(String what) {
    return new RegistryException(RegistryErrorCode.REGISTRY_ERROR, "the index " + digest + " " + what,
        "The registry answered an index this client cannot read; inspect it with GET /v2/<repository>/manifests/" + digest + ".");
  }
}
