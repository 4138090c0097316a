package io.deploymcp.registry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.deploymcp.registry.RegistryAuth;
import io.deploymcp.registry.RegistryClient;
import io.deploymcp.registry.RegistryEndpoint;
import io.deploymcp.registry.RegistryErrorCode;
import io.deploymcp.registry.RegistryException;
import io.deploymcp.registry.support.RequiredComponents;
import io.deploymcp.registry.support.StandInTokenRegistry;
import io.deploymcp.registry.support.TinyRootfs;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real Docker engine (API 1.41) and the real registry on loopback. */
class DockerEngineImagesTest {
  private Path socket;
  private String registry;
  private DockerEngineImages images;
  private final List<String> created = new ArrayList<>();

  @BeforeEach
  void engine() {
    socket = RequiredComponents.engineSocket();
    registry = RequiredComponents.registryHost();
    images = DockerEngineImages.connect(socket, Duration.ofMinutes(2));
  }

  @AfterEach
  void cleanUp() {
    if (images == null) {
      return; // skipped before connecting
    }
    created.forEach(images::remove);
    images.close();
  }

  @Test
  void pushReturnsTheDigestTheRegistryThenReports() throws Exception {
    String local = importImage();
    String repository = "dp-test-registry/engine-" + shortId();
    String ref = registry + "/" + repository + ":c0ffee1";
    images.tag(local, ref);
    created.add(ref);
    assertThat(images.exists(ref)).isTrue();

    String digest = images.push(ref, Optional.empty());

    assertThat(digest).matches("sha256:[a-f0-9]{64}");
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(registry), Optional.empty())) {
      assertThat(client.manifestDigest(repository, "c0ffee1")).contains(digest);
    }
    // Pushing the same image again is idempotent: same digest.
    assertThat(images.push(ref, Optional.empty())).isEqualTo(digest);
  }

  @Test
  void removeDropsTheNameAndIsIdempotent() throws Exception {
    String local = importImage();
    String ref = registry + "/dp-test-registry/remove-" + shortId() + ":v1";
    images.tag(local, ref);
    assertThat(images.remove(ref)).isTrue();
    assertThat(images.exists(ref)).isFalse();
    assertThat(images.remove(ref)).isFalse();
    assertThat(images.exists(local)).isTrue();
  }

  @Test
  void pushingAnImageTheEngineLacksIsImageNotFound() {
    String ref = registry + "/dp-test-registry/absent-" + shortId() + ":v1";
    assertThatThrownBy(() -> images.push(ref, Optional.empty()))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.code()).isEqualTo(RegistryErrorCode.IMAGE_NOT_FOUND);
          assertThat(e.retryable()).isFalse();
        });
    assertThatThrownBy(() -> images.tag("dp-test-never-built-" + shortId() + ":x", ref))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.code()).isEqualTo(RegistryErrorCode.IMAGE_NOT_FOUND));
  }

  @Test
  void aRegistryThatIsDownIsARetryablePushFailure() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    String local = importImage();
    String ref = "127.0.0.1:" + port + "/dp-test-registry/down:v1";
    images.tag(local, ref);
    created.add(ref);
    assertThatThrownBy(() -> images.push(ref, Optional.empty()))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.code()).isEqualTo(RegistryErrorCode.PUSH_FAILED);
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains(ref);
        });
  }

  @Test
  void refusedCredentialsAreANonRetryablePushFailureWithoutTheSecret() throws Exception {
    String password = "push-Pa55word-" + shortId();
    try (StandInTokenRegistry standIn = new StandInTokenRegistry(StandInTokenRegistry.Mode.BASIC, "ci", "other")) {
      // Refused at the manifest, which the engine does not retry. (A refused layer upload is
      // retried for about 50 s by Docker 20.10: RegistryClient.verifyCredentials() before the
      // push is the fast way to catch wrong credentials.)
      standIn.acceptBlobsFromAnyone();
      String local = importImage();
      String ref = standIn.host() + "/dp-test-registry/auth:v1";
      images.tag(local, ref);
      created.add(ref);
      assertThatThrownBy(() -> images.push(ref, Optional.of(new RegistryAuth("ci", password))))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.code()).isEqualTo(RegistryErrorCode.PUSH_FAILED);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).doesNotContain(password);
            assertThat(e.hint()).contains("credentials");
            assertThat(e.getCause()).isNull();
          });
      // The engine did present the credentials we gave it.
      assertThat(standIn.registryAuthorizations()).anyMatch(value -> value.startsWith("Basic "));
    }
  }

  @Test
  void aMissingEngineSocketIsEngineUnreachable() {
    try (DockerEngineImages nowhere = DockerEngineImages.connect(Path.of("/nonexistent/docker.sock"))) {
      assertThatThrownBy(() -> nowhere.exists(registry + "/a/b:c"))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.code()).isEqualTo(RegistryErrorCode.ENGINE_UNREACHABLE);
            assertThat(e.retryable()).isTrue();
          });
    }
  }

  /** Loads a small unique image (a busybox rootfs like bin/base-images makes) and returns its local name. */
  private String importImage() throws Exception {
    String name = "dp-test-registry/import-" + shortId();
    DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder()
        .withDockerHost("unix://" + socket).withApiVersion(DockerEngineImages.API_VERSION).build();
    try (DockerClient docker = DockerClientImpl.getInstance(config,
        new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build())) {
      docker.loadImageCmd(new ByteArrayInputStream(TinyRootfs.savedImage(name + ":1", UUID.randomUUID().toString())))
          .exec();
    }
    created.add(name + ":1");
    return name + ":1";
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
