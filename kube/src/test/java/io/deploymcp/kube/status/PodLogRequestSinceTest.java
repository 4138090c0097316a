package io.deploymcp.kube.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** since on the pod log path becomes the API server's sinceTime (RFC 3339, whole seconds). */
class PodLogRequestSinceTest {
  @Test
  void sinceTimeIsSentInWholeSecondsAndOmittedWithoutOne() {
    assertThat(new PodLogRequest("ns", "p", "c", false, 10, Instant.parse("2026-01-02T03:04:05.678Z")).path())
        .endsWith("&tailLines=10&sinceTime=2026-01-02T03%3A04%3A05Z");
    assertThat(new PodLogRequest("ns", "p", "c", true, 10).path()).doesNotContain("sinceTime").endsWith("&previous=true");
  }
}
