package io.deploymcp.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SystemHostResolverTest {
  private final SystemHostResolver resolver = new SystemHostResolver(Duration.ofSeconds(2));

  @Test
  void localhostNamesAreLoopbackWithoutAskingDns() {
    assertThat(resolver.resolve("localhost")).containsExactly(InetAddress.getLoopbackAddress());
    assertThat(resolver.resolve("App.LOCALHOST")).containsExactly(InetAddress.getLoopbackAddress());
  }

  @Test
  void literalAddressesAreReadAsTheyAre() throws Exception {
    assertThat(resolver.resolve("10.1.2.3")).containsExactly(InetAddress.getByName("10.1.2.3"));
    assertThat(resolver.resolve("::1")).containsExactly(InetAddress.getByName("::1"));
  }

  @Test
  void aNameThatDoesNotResolveGivesNoAddresses() {
    // .invalid never resolves (RFC 6761).
    assertThat(resolver.resolve("metadata.deploy-mcp.invalid")).isEmpty();
  }

  @Test
  void refusesANonPositiveTimeout() {
    assertThatThrownBy(() -> new SystemHostResolver(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
