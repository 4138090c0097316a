package io.deploymcp.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistryEndpointTest {

  @Test
  void loopbackRegistriesArePlainHttp() {
    assertThat(RegistryEndpoint.of("127.0.0.1:5000").baseUri()).hasToString("http://127.0.0.1:5000");
    assertThat(RegistryEndpoint.of("localhost:5000").plainHttp()).isTrue();
    assertThat(RegistryEndpoint.of("127.10.0.3").plainHttp()).isTrue();
    assertThat(RegistryEndpoint.of("[::1]:5000").baseUri()).hasToString("http://[::1]:5000");
  }

  @Test
  void otherRegistriesAreHttpsUnlessMarkedInsecure() {
    assertThat(RegistryEndpoint.of("registry.example.com").baseUri()).hasToString("https://registry.example.com");
    // A name that merely starts like a loopback address is not one.
    assertThat(RegistryEndpoint.of("127.0.0.1.example.com").plainHttp()).isFalse();
    assertThat(RegistryEndpoint.of("10.0.0.5:5000", true).baseUri()).hasToString("http://10.0.0.5:5000");
  }

  @Test
  void rejectsAnythingButHostAndPort() {
    assertThatThrownBy(() -> RegistryEndpoint.of("http://127.0.0.1:5000")).isInstanceOf(RegistryException.class);
    assertThatThrownBy(() -> RegistryEndpoint.of("127.0.0.1:5000/path")).isInstanceOf(RegistryException.class);
    assertThatThrownBy(() -> RegistryEndpoint.of("user@host")).isInstanceOf(RegistryException.class);
  }
}
