package io.deploymcp.buildkit.connection;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.BuildKitException;
import java.nio.file.Path;

/**
 * Where a BuildKit daemon answers, parsed from {@code BUILDKIT_HOST}. The Docker engine form
 * has its own scheme because its socket speaks HTTP/1.1 first and cannot be told apart from a
 * buildkitd socket by its path.
 */
public sealed interface BuildKitAddress {

  /** Socket the Docker engine listens on when none is given. */
  Path DEFAULT_DOCKER_SOCKET = Path.of("/var/run/docker.sock");

  /** A buildkitd gRPC socket, e.g. {@code unix:///run/buildkit/buildkitd.sock}. */
  record Unix(Path socket) implements BuildKitAddress {}

  /** A buildkitd listening on TCP, e.g. {@code tcp://buildkitd:1234}; TLS comes separately ({@link BuildKitTls}). */
  record Tcp(String host, int port) implements BuildKitAddress {}

  /** The Docker engine's built-in BuildKit, reached through the engine API's {@code POST /grpc}. */
  record DockerEngine(Path socket) implements BuildKitAddress {}

  static BuildKitAddress parse(String value) {
    if (value == null || value.isBlank()) {
      throw invalid("BUILDKIT_HOST is empty");
    }
    String text = value.strip();
    int separator = text.indexOf("://");
    if (separator < 0) {
      throw invalid("BUILDKIT_HOST has no scheme");
    }
    String scheme = text.substring(0, separator);
    String rest = text.substring(separator + 3);
    return switch (scheme) {
      case "unix" -> new Unix(absoluteSocket(rest, scheme));
      case "docker" -> new DockerEngine(rest.isEmpty() ? DEFAULT_DOCKER_SOCKET : absoluteSocket(rest, scheme));
      case "tcp" -> tcp(rest);
      // Only the scheme is echoed: the rest of the value is not ours to print.
      default -> throw invalid("BUILDKIT_HOST has the unsupported scheme '" + scheme + "'");
    };
  }

  private static Path absoluteSocket(String path, String scheme) {
    if (!path.startsWith("/")) {
      throw invalid("BUILDKIT_HOST " + scheme + ":// needs an absolute socket path (three slashes)");
    }
    return Path.of(path);
  }

  private static Tcp tcp(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || hostPort.contains("/") || hostPort.contains("@")) {
      throw invalid("BUILDKIT_HOST tcp:// needs host:port");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw invalid("BUILDKIT_HOST tcp:// port is not a number");
    }
    if (port < 1 || port > 65535) {
      throw invalid("BUILDKIT_HOST tcp:// port is out of range");
    }
    return new Tcp(host, port);
  }

  private static BuildKitException invalid(String message) {
    return new BuildKitException(
        BuildKitErrorCode.BUILDKIT_HOST_INVALID,
        message,
        "Use unix:///run/buildkit/buildkitd.sock, tcp://host:1234, docker:// (the engine at"
            + " /var/run/docker.sock) or docker:///path/to/docker.sock.");
  }
}
