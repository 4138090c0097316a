package io.deploymcp.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  @Test
  void splitsHostWithPortRepositoryAndTag() {
    ImageReference reference = ImageReference.parse("127.0.0.1:5000/dp-acme-web/api:3f2c1ab");
    assertThat(reference.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(reference.repository()).isEqualTo("dp-acme-web/api");
    assertThat(reference.tag()).isEqualTo("3f2c1ab");
    assertThat(reference.name()).isEqualTo("127.0.0.1:5000/dp-acme-web/api");
    assertThat(reference).hasToString("127.0.0.1:5000/dp-acme-web/api:3f2c1ab");
  }

  @Test
  void acceptsLocalhostAndDottedHostsWithoutPort() {
    assertThat(ImageReference.parse("localhost/a:1").registry()).isEqualTo("localhost");
    assertThat(ImageReference.parse("registry.example.com/base/node:1").repository()).isEqualTo("base/node");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "busybox:1",                       // no registry host: would mean Docker Hub
      "library/busybox:1",               // first component is not a host
      "127.0.0.1:5000/base/busybox",     // no tag: a push would push every tag
      "127.0.0.1:5000/base/busybox@sha256:aaaa",
      "127.0.0.1:5000/Base/busybox:1",
      "127.0.0.1:5000/base/busybox:",
      ""})
  void rejects(String reference) {
    assertThatThrownBy(() -> ImageReference.parse(reference))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.code()).isEqualTo(RegistryErrorCode.IMAGE_NAME_INVALID));
  }
}
