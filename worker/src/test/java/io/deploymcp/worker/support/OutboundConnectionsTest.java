package io.deploymcp.worker.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connection sampler behind the chart's egress check sees a real connection and sorts it. */
class OutboundConnectionsTest {

  @Test
  void aConnectionThisProcessOpensIsSeenAndItsAcceptedEndIsNot() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        OutboundConnections connections = OutboundConnections.start();
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      var expected = new OutboundConnections.Endpoint(InetAddress.getLoopbackAddress(), server.getLocalPort());

      await().atMost(Duration.ofSeconds(5)).until(() -> connections.seen().contains(expected));

      Set<OutboundConnections.Endpoint> seen = connections.seen();
      assertThat(seen).noneMatch(e -> e.port() == client.getLocalPort());
      assertThat(new EgressRecord().classify(Set.of(expected)))
          .containsEntry(expected.toString(), EgressRecord.UNCLASSIFIED);
      assertThat(new EgressRecord().endpoint("postgres", "localhost:" + server.getLocalPort()).classify(Set.of(expected)))
          .containsEntry(expected.toString(), "postgres");
    }
  }

  @Test
  void kernelAddressesAreReadWordByWordInHostOrder() throws Exception {
    assertThat(OutboundConnections.address("0100007F:1388")).isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(OutboundConnections.address("0101000A:0016")).isEqualTo(InetAddress.getByName("10.0.1.1"));
    assertThat(OutboundConnections.address("00000000000000000000000001000000:0016"))
        .isEqualTo(InetAddress.getByName("::1"));
  }
}
