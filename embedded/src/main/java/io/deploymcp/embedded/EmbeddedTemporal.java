package io.deploymcp.embedded;

import io.deploymcp.workflows.SearchAttributeRegistrar;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;

/**
 * Temporal's own Java test server bound to a loopback port, in real time (no time
 * skipping), with the platform's search attributes registered on namespace {@code default}.
 * The production path is a real Temporal cluster or Temporal Cloud at TEMPORAL_ADDRESS.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  public static final String NAMESPACE = "default";

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** {@code port} 0 picks a free port. */
  public static EmbeddedTemporal start(int port) {
    int bound = port == 0 ? EmbeddedPostgres.freePort() : port;
    // true locks the test server's time skipping: with it unlocked, a workflow that waits on
    // nothing the server tracks (a signal, a task no worker picks up) had its timeouts skipped
    // to at once (EmbeddedTemporalTest).
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(bound, true);
    EmbeddedTemporal temporal = new EmbeddedTemporal(server, bound);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
    try {
      SearchAttributeRegistrar.register(stubs, NAMESPACE);
    } finally {
      stubs.shutdownNow();
    }
    return temporal;
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  public String namespace() {
    return NAMESPACE;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.close();
  }
}
