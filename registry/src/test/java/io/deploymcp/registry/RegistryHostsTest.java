package io.deploymcp.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryHostsTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);

  @Test
  void podsPullUnderThePullNameWhatIsPushedToThePushAddress() {
    RegistryHosts hosts = RegistryHosts.of("10.0.1.10:5000", "registry.internal:5000");

    assertThat(hosts.pushRepository("acme", "web", "api")).isEqualTo("10.0.1.10:5000/dp-acme-web/api");
    assertThat(hosts.pullRef("acme", "web", "api", DIGEST))
        .isEqualTo("registry.internal:5000/dp-acme-web/api@" + DIGEST);
  }

  @Test
  void theBuildCacheStaysOnThePushSide() {
    RegistryHosts hosts = RegistryHosts.of("10.0.1.10:5000", "registry.internal:5000");

    assertThat(hosts.cacheRef("acme", "web", "api")).isEqualTo("10.0.1.10:5000/cache/dp-acme-web/api:latest");
  }

  @ParameterizedTest(name = "pull host \"{0}\"")
  @ValueSource(strings = {"", "   "})
  void aBlankPullHostMeansThePushAddress(String pull) {
    RegistryHosts hosts = RegistryHosts.of("127.0.0.1:5000", pull);

    assertThat(hosts.pull()).isEqualTo("127.0.0.1:5000");
    assertThat(hosts.pullRef("acme", "web", "api", DIGEST)).isEqualTo("127.0.0.1:5000/dp-acme-web/api@" + DIGEST);
  }

  @Test
  void anUnsetPullHostMeansThePushAddress() {
    assertThat(RegistryHosts.of(" 127.0.0.1:5000 ", null)).isEqualTo(new RegistryHosts("127.0.0.1:5000", "127.0.0.1:5000"));
  }

  @ParameterizedTest(name = "pull host \"{0}\"")
  @ValueSource(strings = {"http://registry.internal:5000", "registry.internal:5000/images", "registry internal", "-x:5000"})
  void aPullHostThatIsNotHostAndPortIsRefusedByName(String pull) {
    assertThatThrownBy(() -> RegistryHosts.of("10.0.1.10:5000", pull))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.code()).isEqualTo(RegistryErrorCode.IMAGE_NAME_INVALID);
          assertThat(e.getMessage()).startsWith("REGISTRY_PULL_HOST '" + pull.strip() + "' is not host[:port]");
        });
  }

  @Test
  void aBadPushHostIsRefusedByName() {
    assertThatThrownBy(() -> RegistryHosts.of("http://10.0.1.10:5000", "registry.internal:5000"))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("REGISTRY_HOST 'http://10.0.1.10:5000' is not host[:port]");
  }

  @Test
  void aPullRefNeedsADigest() {
    RegistryHosts hosts = RegistryHosts.of("10.0.1.10:5000", "registry.internal:5000");

    assertThatThrownBy(() -> hosts.pullRef("acme", "web", "api", "latest"))
        .isInstanceOf(RegistryException.class);
  }
}
