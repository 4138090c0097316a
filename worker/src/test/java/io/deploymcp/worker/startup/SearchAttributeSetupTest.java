package io.deploymcp.worker.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.temporal.TemporalSettings;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class SearchAttributeSetupTest {

  @Test
  void waitsWithAPlainWarningUntilTemporalComesUp(CapturedOutput output) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String target = "127.0.0.1:" + port;
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    try {
      CompletableFuture<Void> setup =
          CompletableFuture.runAsync(
              () -> {
                try {
                  new SearchAttributeSetup(
                      stubs, TemporalSettings.fromVariables(Map.of("TEMPORAL_ADDRESS", target)::get))
                      .run();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }, Thread::startVirtualThread);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> output.getOut().contains("Temporal: " + target + " is not reachable"));
      assertThat(setup).isNotDone();

      try (EmbeddedTemporal temporal = EmbeddedTemporal.start(port)) {
        setup.get(30, TimeUnit.SECONDS);
      }
      assertThat(output.getOut()).contains("Temporal: " + target + " answers now");
      assertThat(output.getAll()).doesNotContain("StatusRuntimeException");
    } finally {
      stubs.shutdownNow();
    }
  }
}
