package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {
  @Test
  void portInUseBecomesOneLineNamingTheSetting() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> Ports.ensureFree(port, "API", "DP_API_PORT"))
          .isInstanceOf(StartupException.class)
          .satisfies(e -> assertThat(((StartupException) e).oneLine())
              .isEqualTo("port " + port + " (API) is already in use; is another local stack running?"
                  + " Stop it, or set DP_API_PORT to a free port"));
    }
  }

  @Test
  void freePortPasses() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Ports.ensureFree(port, "API", "DP_API_PORT");
    assertThat(Ports.isFree(port)).isTrue();
  }
}
