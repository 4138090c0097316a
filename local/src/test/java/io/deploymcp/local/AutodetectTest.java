package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detection rules against real servers on this machine: a unix socket standing in for the
 * Docker engine, a registry stand-in on a loopback port (and the real registry at 127.0.0.1:5000
 * where it runs), k3s kubeconfig files, and free ports where nothing answers.
 */
class AutodetectTest {
  /** For what answers: generous, as a cold test JVM on a busy machine is slow to its first request. */
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  /** For what hangs: the deadline is what bounds the cost. */
  private static final Duration SHORT = Duration.ofMillis(500);
  private OpenTempDir dir;
  private Path tmp;

  @BeforeEach
  void createDir() throws IOException {
    dir = new OpenTempDir();
    tmp = dir.path();
  }

  @AfterEach
  void removeDir() throws IOException {
    dir.close();
  }

  @Test
  void anEngineAnsweringPingIsUsedForBuildKit() throws Exception {
    try (FakeEngineSocket engine = new FakeEngineSocket(tmp.resolve("docker.sock"), FakeEngineSocket.PING_OK)) {
      Detection detection = Autodetect.detect(Map.of(), places(engine.path(), nothing(), absentK3s()));

      assertThat(detection.variables()).containsEntry("BUILDKIT_HOST", "docker://" + engine.path());
      assertThat(detection.finding("BuildKit").orElseThrow().how())
          .isEqualTo("detected: the Docker engine at " + engine.path() + " answers _ping");
    }
  }

  @Test
  void theRealEngineOnTheDefaultSocketIsFound() {
    Path socket = Path.of("/var/run/docker.sock");
    Assumptions.assumeTrue(Files.exists(socket) || ci(), "no Docker engine here");

    Detection detection = Autodetect.detect(Map.of(), places(socket, nothing(), absentK3s()));

    assertThat(detection.variables()).containsEntry("BUILDKIT_HOST", "docker:///var/run/docker.sock");
  }

  @Test
  void noSocketASocketAnsweringAnErrorOrOneThatHangsLeaveBuildKitUnset() throws Exception {
    Detection missing = Autodetect.detect(Map.of(), places(tmp.resolve("none.sock"), nothing(), absentK3s()));
    assertThat(missing.variables()).doesNotContainKey("BUILDKIT_HOST");
    assertThat(missing.finding("BuildKit").orElseThrow().how()).contains("no Docker engine socket at");

    try (FakeEngineSocket broken = new FakeEngineSocket(tmp.resolve("e.sock"), "HTTP/1.1 500 Internal Server Error\r\n\r\n")) {
      Detection error = Autodetect.detect(Map.of(), places(broken.path(), nothing(), absentK3s()));
      assertThat(error.variables()).isEmpty();
      assertThat(error.finding("BuildKit").orElseThrow().how()).contains("answered _ping with 'HTTP/1.1 500");
    }

    try (FakeEngineSocket hung = new FakeEngineSocket(tmp.resolve("h.sock"), null)) {
      long start = System.nanoTime();
      Detection slow = Autodetect.detect(Map.of(), new Autodetect.Places(hung.path(), nothing(), absentK3s(), SHORT));
      // The stand-in would hold the connection for 10 s: the deadline ends it.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(slow.variables()).isEmpty();
      assertThat(slow.finding("BuildKit").orElseThrow().how()).contains("did not answer _ping within 500 ms");
    }
  }

  @Test
  void aRegistryAnsweringV2IsUsedWithTheNewestBaseImagesItHolds() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(Map.of(
        "base/busybox", List.of("1"), "base/node", List.of("1", "3", "2", "latest"), "base/python", List.of("1")))) {
      Detection detection = Autodetect.detect(Map.of(), places(noSocket(), registry.host(), absentK3s()));

      assertThat(detection.variables())
          .containsEntry("REGISTRY_HOST", registry.host())
          .containsEntry("DP_BASE_IMAGE_STATIC", registry.host() + "/base/busybox:1")
          .containsEntry("DP_BASE_IMAGE_NODE", registry.host() + "/base/node:3")
          .containsEntry("DP_BASE_IMAGE_PYTHON", registry.host() + "/base/python:1")
          .doesNotContainKeys("DP_BASE_IMAGE_JAVA", "DP_BASE_IMAGE_GO");
      assertThat(detection.finding("registry").orElseThrow().how())
          .isEqualTo("detected: a registry answers /v2/ at " + registry.host());
    }
  }

  @Test
  void theRealLoopbackRegistryAndTheBaseImagesOfBinBaseImagesAreFound() {
    RegistryProbe real = new RegistryProbe(Autodetect.REGISTRY, TIMEOUT);
    Assumptions.assumeTrue(real.answers() == null || ci(), "no registry at 127.0.0.1:5000");

    Detection detection = Autodetect.detect(Map.of(), places(noSocket(), Autodetect.REGISTRY, absentK3s()));

    assertThat(detection.variables())
        .containsEntry("REGISTRY_HOST", "127.0.0.1:5000")
        .containsEntry("DP_BASE_IMAGE_STATIC", "127.0.0.1:5000/base/busybox:1")
        .containsEntry("DP_BASE_IMAGE_NODE", "127.0.0.1:5000/base/node:1")
        .containsEntry("DP_BASE_IMAGE_PYTHON", "127.0.0.1:5000/base/python:1");
  }

  @Test
  void missingBaseImagesAreNamedAndLeftUnset() throws Exception {
    try (FakeRegistry some = new FakeRegistry(Map.of("base/busybox", List.of("1"), "base/node", List.of("latest")));
        FakeRegistry empty = new FakeRegistry(Map.of())) {
      Detection partial = Autodetect.detect(Map.of(), places(noSocket(), some.host(), absentK3s()));
      assertThat(partial.variables()).containsKeys("REGISTRY_HOST", "DP_BASE_IMAGE_STATIC")
          .doesNotContainKeys("DP_BASE_IMAGE_NODE", "DP_BASE_IMAGE_PYTHON");
      assertThat(partial.finding("base images").orElseThrow().how())
          .isEqualTo("detected in " + some.host() + ": base/busybox:1; not there: base/node, base/python"
              + " (bin/base-images makes them)");

      Detection none = Autodetect.detect(Map.of(), places(noSocket(), empty.host(), absentK3s()));
      assertThat(none.variables()).containsOnlyKeys("REGISTRY_HOST");
      assertThat(none.finding("base images").orElseThrow().usable()).isFalse();
    }
  }

  @Test
  void nothingListeningLeavesTheRegistryUnsetQuickly() {
    long start = System.nanoTime();
    // The generous deadline: nothing listening must fail at once, not when a deadline passes.
    Detection detection = Autodetect.detect(Map.of(), places(noSocket(), nothing(), absentK3s()));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
    assertThat(detection.variables()).isEmpty();
    assertThat(detection.names()).isEmpty();
    assertThat(detection.finding("registry").orElseThrow().how()).startsWith("nothing answers at 127.0.0.1:");
    assertThat(detection.finding("base images")).isEmpty();
    assertThat(detection.finding("Kubernetes").orElseThrow().how()).startsWith("no k3s kubeconfig at");
  }

  @Test
  void aK3sKubeconfigServedFromThisMachineIsUsed() throws IOException {
    Path loopback = k3s("loopback.yaml", "https://127.0.0.1:6443");
    Path ipv6 = k3s("ipv6.yaml", "https://[::1]:6443");
    Path named = k3s("named.yaml", "https://localhost:6443");

    for (Path file : List.of(loopback, ipv6, named)) {
      Detection detection = Autodetect.detect(Map.of(), places(noSocket(), nothing(), file));
      assertThat(detection.variables()).as("%s", file).containsEntry("KUBECONFIG", file.toString());
    }
    assertThat(Autodetect.detect(Map.of(), places(noSocket(), nothing(), loopback)).finding("Kubernetes")
        .orElseThrow().how()).isEqualTo("detected: k3s on this machine (https://127.0.0.1:6443)");
  }

  @Test
  void anAddressOfThisMachinesOwnInterfacesCountsAsLocal() throws IOException {
    Optional<String> own = java.net.NetworkInterface.networkInterfaces()
        .flatMap(java.net.NetworkInterface::inetAddresses)
        .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
        .map(java.net.InetAddress::getHostAddress)
        .findFirst();
    Assumptions.assumeTrue(own.isPresent(), "no non-loopback IPv4 address on this machine");

    Path file = k3s("own.yaml", "https://" + own.get() + ":6443");

    assertThat(Autodetect.detect(Map.of(), places(noSocket(), nothing(), file)).variables())
        .containsEntry("KUBECONFIG", file.toString());
  }

  @Test
  void aKubeconfigOfARemoteClusterIsNeverUsed() throws IOException {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine.
    Path remote = k3s("remote.yaml", "https://192.0.2.10:6443");
    Path mixed = Files.writeString(tmp.resolve("mixed.yaml"), kubeconfig("https://127.0.0.1:6443")
        .replace("clusters:\n", "clusters:\n- name: far\n  cluster:\n    server: https://192.0.2.11:6443\n"));

    for (Path file : List.of(remote, mixed)) {
      Detection detection = Autodetect.detect(Map.of(), places(noSocket(), nothing(), file));
      assertThat(detection.variables()).as("%s", file).doesNotContainKey("KUBECONFIG");
      assertThat(detection.finding("Kubernetes").orElseThrow().how())
          .contains("which is not this machine; not used (set KUBECONFIG to use that cluster)");
    }
  }

  @Test
  void aFileThatIsNotAKubeconfigIsNotUsed() throws IOException {
    Path garbage = Files.writeString(tmp.resolve("garbage.yaml"), "clusters: [unclosed\n");
    Path empty = Files.writeString(tmp.resolve("empty.yaml"), "apiVersion: v1\nkind: Config\n");

    assertThat(Autodetect.detect(Map.of(), places(noSocket(), nothing(), garbage)).finding("Kubernetes")
        .orElseThrow().how()).endsWith("is not a kubeconfig this launcher can read; not used");
    assertThat(Autodetect.detect(Map.of(), places(noSocket(), nothing(), empty)).finding("Kubernetes")
        .orElseThrow().how()).endsWith("names no cluster server; not used");
  }

  @Test
  void variablesSetByHandWinAndAreNotProbed() throws Exception {
    try (FakeEngineSocket engine = new FakeEngineSocket(tmp.resolve("docker.sock"), FakeEngineSocket.PING_OK);
        FakeRegistry detectable = new FakeRegistry(Map.of("base/busybox", List.of("1")));
        FakeRegistry chosen = new FakeRegistry(Map.of("base/busybox", List.of("2"), "base/python", List.of("1")))) {
      Path local = k3s("k3s.yaml", "https://127.0.0.1:6443");
      Map<String, String> byHand = new HashMap<>(Map.of(
          "BUILDKIT_HOST", "tcp://127.0.0.1:1234",
          "REGISTRY_HOST", chosen.host(),
          "DP_BASE_IMAGE_PYTHON", "mine/python:3",
          "KUBECONFIG", "/home/me/.kube/config"));

      Detection detection = Autodetect.detect(byHand, places(engine.path(), detectable.host(), local));

      // Only the base images not set by hand, looked for in the registry chosen by hand.
      assertThat(detection.variables()).containsOnly(Map.entry("DP_BASE_IMAGE_STATIC", chosen.host() + "/base/busybox:2"));
      assertThat(detection.finding("BuildKit")).isEmpty();
      assertThat(detection.finding("registry")).isEmpty();
      assertThat(detection.finding("Kubernetes")).isEmpty();
    }
  }

  @Test
  void aRegistrySetByHandThatDoesNotAnswerIsSaidAndNoBaseImageIsLookedFor() {
    String dead = nothing();

    Detection detection = Autodetect.detect(Map.of("REGISTRY_HOST", dead), places(noSocket(), nothing(), absentK3s()));

    assertThat(detection.variables()).isEmpty();
    assertThat(detection.finding("base images").orElseThrow().how())
        .isEqualTo("nothing answers at " + dead + ", so no base image was looked for there");
  }

  @Test
  void aMalformedRegistrySetByHandIsNotProbedNorEchoed() {
    Detection detection = Autodetect.detect(
        Map.of("REGISTRY_HOST", "me:s3cret@registry.example"), places(noSocket(), nothing(), absentK3s()));

    assertThat(detection.variables()).isEmpty();
    assertThat(detection.finding("base images").orElseThrow().how())
        .isEqualTo("REGISTRY_HOST is not host[:port], so no base image was looked for")
        .doesNotContain("s3cret");
  }

  @Test
  void dpAutodetectFalseSwitchesItOffAndAnythingElseIsRefused() {
    Path cwd = Path.of("/work/repo");
    assertThat(LaunchSettings.from(Map.of(), cwd, Optional.empty()).autodetect()).isTrue();
    assertThat(LaunchSettings.from(Map.of("DP_AUTODETECT", "true"), cwd, Optional.empty()).autodetect()).isTrue();
    assertThat(LaunchSettings.from(Map.of("DP_AUTODETECT", "FALSE"), cwd, Optional.empty()).autodetect()).isFalse();
    assertThatThrownBy(() -> LaunchSettings.from(Map.of("DP_AUTODETECT", "no"), cwd, Optional.empty()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("DP_AUTODETECT is 'no', not true or false");
  }

  @Test
  void placesComeFromDockerHostAndDpK3sKubeconfig() {
    Path cwd = Path.of("/work/repo");
    Autodetect.Places defaults = LaunchSettings.from(Map.of(), cwd, Optional.empty()).places();
    assertThat(defaults.dockerSocket()).isEqualTo(Path.of("/var/run/docker.sock"));
    assertThat(defaults.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(defaults.k3sKubeconfig()).isEqualTo(Path.of("/etc/rancher/k3s/k3s.yaml"));

    Autodetect.Places moved = LaunchSettings.from(
        Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock", "DP_K3S_KUBECONFIG", "test/k3s.yaml"),
        cwd, Optional.empty()).places();
    assertThat(moved.dockerSocket()).isEqualTo(Path.of("/run/user/1000/docker.sock"));
    assertThat(moved.k3sKubeconfig()).isEqualTo(Path.of("/work/repo/test/k3s.yaml"));
    assertThat(LaunchSettings.from(Map.of("DOCKER_HOST", "tcp://10.0.0.1:2375"), cwd, Optional.empty())
        .places().dockerSocket()).isEqualTo(Path.of("/var/run/docker.sock"));
  }

  private Autodetect.Places places(Path socket, String registry, Path k3s) {
    return new Autodetect.Places(socket, registry, k3s, TIMEOUT);
  }

  private Path noSocket() {
    return tmp.resolve("no-docker.sock");
  }

  private Path absentK3s() {
    return tmp.resolve("no-k3s.yaml");
  }

  /** A loopback port nothing listens on. */
  private static String nothing() {
    return "127.0.0.1:" + FreePorts.next();
  }

  private Path k3s(String name, String server) throws IOException {
    return Files.writeString(tmp.resolve(name), kubeconfig(server));
  }

  /** The shape k3s writes to /etc/rancher/k3s/k3s.yaml. */
  static String kubeconfig(String server) {
    return """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
            server: %s
          name: default
        contexts:
        - context:
            cluster: default
            user: default
          name: default
        current-context: default
        kind: Config
        preferences: {}
        users:
        - name: default
          user:
            client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
            client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCg==
        """.formatted(server);
  }

  private static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI")) || "true".equalsIgnoreCase(System.getenv("DP_REQUIRE_BUILDKIT"));
  }
}
