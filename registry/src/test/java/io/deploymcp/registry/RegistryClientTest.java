package io.deploymcp.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.registry.support.RegistryUploads;
import io.deploymcp.registry.support.RequiredComponents;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real registry (docker-registry, distribution 2.8) on loopback. */
class RegistryClientTest {
  private String host;
  private RegistryUploads uploads;
  private String repository;

  @BeforeEach
  void registry() {
    host = RequiredComponents.registryHost();
    uploads = new RegistryUploads(host);
    repository = "dp-test-registry/client-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void returnsTheDigestOfTheManifestATagPointsAt() throws Exception {
    String pushed = uploads.putImage(repository, "abc123", "layer " + UUID.randomUUID());
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      assertThat(client.manifestDigest(repository, "abc123")).contains(pushed);
      // The form ImageNames.repository returns, host included, works as well.
      assertThat(client.manifestDigest(host + "/" + repository, "abc123")).contains(pushed);
    }
  }

  @Test
  void followsATagThatMovesToAnotherManifest() throws Exception {
    String first = uploads.putImage(repository, "latest", "one " + UUID.randomUUID());
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      assertThat(client.manifestDigest(repository, "latest")).contains(first);
      String second = uploads.putImage(repository, "latest", "two " + UUID.randomUUID());
      assertThat(second).isNotEqualTo(first);
      assertThat(client.manifestDigest(repository, "latest")).contains(second);
    }
  }

  @Test
  void reportsTheIndexDigestForAMultiPlatformTag() throws Exception {
    // Without the index media types in Accept the registry would hand out the amd64 manifest instead.
    String manifest = uploads.putImage(repository, "single", "platform " + UUID.randomUUID());
    String index = uploads.putIndex(repository, "multi", manifest, uploads.manifestSize(repository, manifest));
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      assertThat(client.manifestDigest(repository, "multi")).contains(index);
      assertThat(index).isNotEqualTo(manifest);
    }
  }

  @Test
  void anUnknownTagOrRepositoryIsEmpty() throws Exception {
    uploads.putImage(repository, "present", "x " + UUID.randomUUID());
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      assertThat(client.manifestDigest(repository, "absent")).isEmpty();
      assertThat(client.manifestDigest("dp-test-registry/never-pushed-" + UUID.randomUUID(), "v1")).isEmpty();
      assertThatThrownBy(() -> client.requireManifestDigest(repository, "absent"))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.code()).isEqualTo(RegistryErrorCode.MANIFEST_NOT_FOUND);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains(repository + ":absent");
          });
    }
  }

  @Test
  void looksUpByDigestToo() throws Exception {
    String pushed = uploads.putImage(repository, "t", "d " + UUID.randomUUID());
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      assertThat(client.manifestDigest(repository, pushed)).contains(pushed);
    }
  }

  @Test
  void listsTheCatalogPageByPage() throws Exception {
    uploads.putImage(repository, "v1", "catalog " + UUID.randomUUID());
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      // The registry is shared with other tests (and, on a developer machine, other runs) that may
      // push meanwhile: a repository, once listed, stays, so the paged walk holds at least what one
      // unpaged read saw before it, each name once. Two per page: every page after the first comes
      // from the Link header.
      List<String> before = client.catalog();
      List<String> paged = client.catalog(2);
      assertThat(before).hasSizeGreaterThan(2);
      assertThat(paged).contains(repository).containsAll(before).doesNotHaveDuplicates();
    }
  }

  @Test
  void listsTheTagsOfARepositoryAndNoneOfAnUnknownOne() throws Exception {
    uploads.putImage(repository, "one", "tags " + UUID.randomUUID());
    uploads.putImage(repository, "two", "tags " + UUID.randomUUID());
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      assertThat(client.tags(repository)).containsExactlyInAnyOrder("one", "two");
      assertThat(client.tags("dp-test-registry/never-pushed-" + UUID.randomUUID())).isEmpty();
    }
  }

  @Test
  void readsAnIndexAndTheManifestsItNames() throws Exception {
    String manifest = uploads.putImage(repository, "single", "child " + UUID.randomUUID());
    String index = uploads.putIndex(repository, "multi", manifest, uploads.manifestSize(repository, manifest));
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      StoredManifest stored = client.manifest(repository, index).orElseThrow();
      assertThat(stored.digest()).isEqualTo(index);
      assertThat(stored.isIndex()).isTrue();
      assertThat(stored.children()).containsExactly(manifest);

      StoredManifest image = client.manifest(repository, "single").orElseThrow();
      assertThat(image.digest()).isEqualTo(manifest);
      assertThat(image.isIndex()).isFalse();
      assertThat(image.children()).isEmpty();
      assertThat(client.manifest(repository, "absent")).isEmpty();
    }
  }

  @Test
  void deletesOnlyByDigest() {
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      // Deleting is tested against a registry of its own in the ops module (registry GC); here
      // only what fails before any request, so the shared registry loses nothing.
      assertThatThrownBy(() -> client.deleteManifest(repository, "latest"))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.code()).isEqualTo(RegistryErrorCode.IMAGE_NAME_INVALID));
    }
  }

  @Test
  void anOpenRegistryPassesTheCredentialCheck() {
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      client.verifyCredentials();
    }
  }

  @Test
  void aClosedPortIsUnreachableAndRetryable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of("127.0.0.1:" + port), Optional.empty())) {
      assertThatThrownBy(() -> client.manifestDigest("a/b", "v1"))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.code()).isEqualTo(RegistryErrorCode.REGISTRY_UNREACHABLE);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("127.0.0.1:" + port + "/a/b:v1");
          });
    }
  }

  @Test
  void invalidNamesFailBeforeAnyRequest() {
    try (RegistryClient client = new RegistryClient(RegistryEndpoint.of(host), Optional.empty())) {
      assertThatThrownBy(() -> client.manifestDigest("Team/App", "v1"))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.code()).isEqualTo(RegistryErrorCode.IMAGE_NAME_INVALID));
      assertThatThrownBy(() -> client.manifestDigest("team/app", "../v1"))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.code()).isEqualTo(RegistryErrorCode.IMAGE_NAME_INVALID));
    }
  }
}
