package io.deploymcp.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionMetadataTest {

  @Test
  void announcesEveryServedMethodAsItsOwnHeaderValue() {
    Metadata metadata =
        new SessionMetadata("s1", "deploy-mcp", "key", List.of(
            "/moby.filesync.v1.FileSync/DiffCopy", "/grpc.health.v1.Health/Check"))
            .toMetadata();

    assertThat(metadata.get(key("x-docker-expose-session-uuid"))).isEqualTo("s1");
    assertThat(metadata.get(key("x-docker-expose-session-name"))).isEqualTo("deploy-mcp");
    assertThat(metadata.get(key("x-docker-expose-session-sharedkey"))).isEqualTo("key");
    assertThat(metadata.getAll(key("x-docker-expose-session-grpc-method")))
        .containsExactly("/moby.filesync.v1.FileSync/DiffCopy", "/grpc.health.v1.Health/Check");
  }

  @Test
  void rejectsAMethodThatIsNotAFullGrpcPath() {
    assertThatThrownBy(() -> new SessionMetadata("s1", "n", "k", List.of("FileSync/DiffCopy")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}
