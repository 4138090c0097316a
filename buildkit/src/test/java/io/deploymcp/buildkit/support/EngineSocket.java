package io.deploymcp.buildkit.support;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Docker engine socket for tests that need the real BuildKit. Without one the test is
 * skipped with a message, unless DP_REQUIRE_BUILDKIT=true or CI=true (set where CI starts dockerd), in
 * which case it fails.
 */
public final class EngineSocket {
  private EngineSocket() {}

  public static Path require() {
    String configured = System.getenv("DP_TEST_DOCKER_SOCKET");
    Path socket = Path.of(configured == null || configured.isBlank() ? "/var/run/docker.sock" : configured);
    if (Files.exists(socket)) {
      return socket;
    }
    String message = "no Docker engine socket at " + socket
        + " (start dockerd --iptables=false --ip6tables=false, or set DP_TEST_DOCKER_SOCKET)";
    if (("true".equalsIgnoreCase(System.getenv("DP_REQUIRE_BUILDKIT")) || "true".equalsIgnoreCase(System.getenv("CI")))) {
      return fail(message);
    }
    abort(message);
    return socket;
  }
}
