package io.deploymcp.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageNamesTest {

  @Test
  void repositoryIsHostThenTenantProjectThenService() {
    assertThat(ImageNames.repository("127.0.0.1:5000", "acme", "web", "api"))
        .isEqualTo("127.0.0.1:5000/dp-acme-web/api");
    assertThat(ImageNames.repository("registry.example.com", "a.b", "default", "my-svc_2"))
        .isEqualTo("registry.example.com/dp-a.b-default/my-svc_2");
  }

  @ParameterizedTest(name = "{0} / {1} / {2} / {3}")
  @CsvSource({
      "127.0.0.1:5000, Acme, web, api",
      "127.0.0.1:5000, acme, Web, api",
      "127.0.0.1:5000, acme, web, API",
      "127.0.0.1:5000, acme, web, a/b",
      "127.0.0.1:5000, acme, web, -api",
      "127.0.0.1:5000, acme, web, api-",
      "127.0.0.1:5000, acme, web, a..b",
      "127.0.0.1:5000, '', web, api",
      "https://127.0.0.1:5000, acme, web, api",
      "127.0.0.1:5000/x, acme, web, api",
      "-bad.example, acme, web, api",
      "host:port, acme, web, api"})
  void rejectsWhatTheReferenceGrammarRejects(String host, String tenant, String project, String service) {
    assertThatThrownBy(() -> ImageNames.repository(host, tenant, project, service))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.code()).isEqualTo(RegistryErrorCode.IMAGE_NAME_INVALID));
  }

  @Test
  void rejectsNamesLongerThanTheGrammarAllows() {
    String service = "s".repeat(240);
    assertThatThrownBy(() -> ImageNames.repository("127.0.0.1:5000", "acme", "web", service))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("longer than 255");
  }

  @Test
  void cacheRefIsPerTenantProjectAndServiceUnderCache() {
    assertThat(ImageNames.cacheRef("127.0.0.1:5000", "acme", "shop", "api"))
        .isEqualTo("127.0.0.1:5000/cache/dp-acme-shop/api:latest");
    assertThat(ImageNames.cacheRef("127.0.0.1:5000", "other", "shop", "api"))
        .isNotEqualTo(ImageNames.cacheRef("127.0.0.1:5000", "acme", "shop", "api"));
    assertThatThrownBy(() -> ImageNames.cacheRef("127.0.0.1:5000", "acme", "shop", "Api"))
        .isInstanceOf(RegistryException.class);
  }

  @Test
  void imageRefAddsAValidTag() {
    String repository = ImageNames.repository("127.0.0.1:5000", "acme", "web", "api");
    assertThat(ImageNames.imageRef(repository, "3f2c1ab9")).isEqualTo("127.0.0.1:5000/dp-acme-web/api:3f2c1ab9");
    assertThatThrownBy(() -> ImageNames.imageRef(repository, "-x")).isInstanceOf(RegistryException.class);
    assertThatThrownBy(() -> ImageNames.imageRef(repository, "a".repeat(129))).isInstanceOf(RegistryException.class);
  }

  @Test
  void digestRefNeedsASha256Digest() {
    String digest = "sha256:" + "a".repeat(64);
    assertThat(ImageNames.digestRef("127.0.0.1:5000/dp-acme-web/api", digest))
        .isEqualTo("127.0.0.1:5000/dp-acme-web/api@" + digest);
    assertThatThrownBy(() -> ImageNames.digestRef("127.0.0.1:5000/dp-acme-web/api", "sha256:abc"))
        .isInstanceOf(RegistryException.class);
  }
}
