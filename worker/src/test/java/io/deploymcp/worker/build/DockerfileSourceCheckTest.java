package io.deploymcp.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.address.HostCheck;
import io.deploymcp.address.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, SSRF through a Dockerfile: every remote source must be public or the platform's own
 * registry. DNS is a fixed table here, so names that resolve into private networks can be tested.
 */
class DockerfileSourceCheckTest {
  private static final Map<String, String> DNS = Map.of(
      "public.example", "93.184.216.34",
      "rebound.example", "10.0.0.7",
      "metadata.google.internal", "169.254.169.254",
      "mixed.example", "93.184.216.34,192.168.1.1");

  private static final HostResolver RESOLVER = host -> {
    String answer = DNS.get(host);
    if (answer == null) {
      return List.of();
    }
    return java.util.Arrays.stream(answer.split(",")).map(DockerfileSourceCheckTest::address).toList();
  };

  private static final Set<String> PLATFORM_REGISTRIES = Set.of("registry.internal:5000", "10.0.1.10:5000");

  private final DockerfileSourceCheck check =
      new DockerfileSourceCheck(new HostCheck(AddressPolicy.publicOnly(), RESOLVER));

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Optional<DockerfileSourceCheck.Refusal> check(String dockerfile) {
    return check.check(dockerfile, Map.of(), PLATFORM_REGISTRIES);
  }

  @Test
  void publicSourcesDockerHubAndThePlatformsRegistriesPass() {
    String dockerfile = """
        FROM node:22 AS build
        FROM docker.io/library/busybox:1
        FROM registry.internal:5000/base/node:1
        COPY --from=10.0.1.10:5000/base/certs:1 /c /c
        ADD https://public.example/release.tgz /opt/
        ADD git@public.example:acme/tools.git /tools
        """;

    assertThat(check(dockerfile)).isEmpty();
  }

  @Test
  void everySpellingOfAnInternalAddressIsRefused() {
    List<String> urls = List.of(
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://rebound.example/",
        "http://mixed.example/",
        "http://[::ffff:169.254.169.254]/",
        "http://[fd00::1]/",
        "http://0x7f.1/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://100.100.100.200/",
        "https://user:hunter2@10.0.0.1/x",
        "git@rebound.example:acme/app.git",
        "ssh://git@10.1.2.3/repo.git",
        "http://does-not-resolve.example/");
    for (String url : urls) {
      Optional<DockerfileSourceCheck.Refusal> refusal = check("FROM busybox\nADD " + url + " /x\n");

      assertThat(refusal).as(url).isPresent();
      assertThat(refusal.get().message()).as(url).startsWith("Dockerfile line 2: ADD ").contains("the build did not start");
      assertThat(refusal.get().hint()).contains("public addresses", "registry.internal:5000");
    }
  }

  @Test
  void imagesFromInternalRegistriesAndFrontendsAreRefused() {
    assertThat(check("FROM 10.0.0.5:5000/app:1\n").orElseThrow().message())
        .isEqualTo("Dockerfile line 1: the image 10.0.0.5:5000/app:1 was refused: the registry '10.0.0.5' is a"
            + " loopback, private, link-local or otherwise internal address; the build did not start");
    assertThat(check("FROM rebound.example/app:1\n").orElseThrow().message())
        .contains("the registry 'rebound.example' is at 10.0.0.7, a loopback, private");
    assertThat(check("FROM localhost:5000/app\n")).isPresent();
    assertThat(check("FROM busybox\nRUN --mount=from=169.254.169.254/x,target=/x true\n")).isPresent();
    assertThat(check("# syntax=rebound.example/frontend:1\nFROM busybox\n").orElseThrow().message())
        .startsWith("Dockerfile line 1: the syntax directive's frontend image rebound.example/frontend:1 was refused");
  }

  @Test
  void buildArgsAreExpandedBeforeTheCheck() {
    String dockerfile = "ARG BASE=public.example/app:1\nFROM ${BASE}\n";

    assertThat(check.check(dockerfile, Map.of(), PLATFORM_REGISTRIES)).isEmpty();
    assertThat(check.check(dockerfile, Map.of("BASE", "rebound.example/app:1"), PLATFORM_REGISTRIES)).isPresent();
  }

  @Test
  void aUrlsCredentialsNeverReachTheMessage() {
    String message = check("FROM busybox\nADD https://user:hunter2@10.0.0.1/x /x\n").orElseThrow().message();

    assertThat(message).doesNotContain("hunter2").doesNotContain("user:").contains("ADD https://10.0.0.1/x");
  }

  @Test
  void loopbackOnlyWhenLocalReposAreAllowed() {
    DockerfileSourceCheck local = new DockerfileSourceCheck(new HostCheck(AddressPolicy.allowingLoopback(), RESOLVER));

    assertThat(local.check("FROM busybox\nADD http://127.0.0.1:8000/x /x\n", Map.of(), Set.of())).isEmpty();
    assertThat(local.check("FROM busybox\nADD http://169.254.169.254/x /x\n", Map.of(), Set.of())).isPresent();
  }

  @Test
  void anIpv6AddressWithAZoneIdIsRefusedEvenWhenTheAddressIsPublic() {
    // The daemon reads the zone against its own interfaces; getByName used to take it as public.
    assertThat(check("FROM busybox\nADD http://[2606:4700::1%1]/x /x\n").orElseThrow().message())
        .contains("the host '2606:4700::1%1' is not a valid address");
  }

  @Test
  void aRegistryWhoseLastLabelIsANumberIsANumberNotAName() {
    // The WHATWG URL rule: such a host is an IPv4 address or invalid, never a name to look up.
    assertThat(check("FROM host.123/app:1\n").orElseThrow().message())
        .contains("the registry 'host.123' is an IPv4 address in a non-standard spelling");
  }
}
