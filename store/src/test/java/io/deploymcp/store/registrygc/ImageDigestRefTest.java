package io.deploymcp.store.registrygc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageDigestRefTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void splitsADeploymentsImageIntoTheRepositoryTheRegistryListsAndTheDigest() {
    assertThat(ImageDigestRef.parse("127.0.0.1:5000/dp-acme-web/api@" + DIGEST))
        .contains(new ImageDigestRef("dp-acme-web/api", DIGEST));
    assertThat(ImageDigestRef.parse("registry.internal:5000/dp-a-b/c@" + DIGEST).orElseThrow().repository())
        .isEqualTo("dp-a-b/c");
  }

  @Test
  void anythingButHostRepositoryAndSha256DigestIsNoDigestReference() {
    for (String ref : new String[] {
        null, "", "dp-a-b/c@" + DIGEST.replace("ab", "AB"), "host/dp-a-b/c:latest", "host/dp-a-b/c@sha256:abc",
        "host@" + DIGEST, "host/@" + DIGEST, "host/dp-a-b/c@sha512:" + "ab".repeat(64)}) {
      assertThat(ImageDigestRef.parse(ref)).as(String.valueOf(ref)).isEqualTo(Optional.empty());
    }
    assertThat(ImageDigestRef.isDigest(DIGEST)).isTrue();
    assertThat(ImageDigestRef.isDigest("sha256:" + "AB".repeat(32))).isFalse();
  }
}
