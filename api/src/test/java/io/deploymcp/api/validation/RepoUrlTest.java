package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.address.HostResolver;
import io.deploymcp.api.problem.ProblemCode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RepoUrlTest {
  /** A resolver with fixed answers, like DNS would give them; unknown hosts do not resolve. */
  private static final HostResolver DNS =
      host ->
          switch (host) {
            case "github.com" -> addresses("140.82.121.4");
            case "internal.example.com" -> addresses("10.1.2.3");
            case "rebind.example.com" -> addresses("93.184.216.34", "127.0.0.1");
            case "metadata.example.com" -> addresses("169.254.169.254");
            case "ula.example.com" -> addresses("fd00:ec2::254");
            case "loop.example.com" -> addresses("127.0.0.2");
            case "0x7f.example.com" -> addresses("93.184.216.34");
            default -> List.of();
          };

  private static final RepoPolicy STRICT = new RepoPolicy(false, DNS);
  private static final RepoPolicy LOCAL = new RepoPolicy(true, DNS);

  private static List<InetAddress> addresses(String... ips) {
    return java.util.Arrays.stream(ips)
        .map(
            ip -> {
              try {
                return InetAddress.getByName(ip);
              } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
              }
            })
        .toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/org/repo",
        "https://github.com/org/repo.git",
        "https://github.com:443/org/repo",
        "https://93.184.216.34/org/repo.git",
        "https://[2606:4700::1111]/org/repo",
        // A name to every client (only a number as the last label makes a host an address).
        "https://0x7f.example.com/org/repo"
      })
  void acceptsPublicHttpsRepos(String url) {
    assertThat(RepoUrl.parse(url, STRICT).value()).isEqualTo(url);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "ext::sh -c touch% /tmp/pwned",
        "ext::sh",
        "fd::17",
        "file:///etc/passwd",
        "ssh://git@github.com/org/repo",
        "git://github.com/org/repo",
        "git@github.com:org/repo.git",
        "github.com:org/repo",
        "http://github.com/org/repo",
        "https://user:token@github.com/org/repo",
        "https://token@github.com/org/repo",
        "https://github.com@evil.example/org/repo",
        "https://127.0.0.1/org/repo",
        "https://10.0.0.5/org/repo",
        "https://172.16.3.4/org/repo",
        "https://192.168.1.1/org/repo",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/org/repo",
        "https://0.0.0.0/org/repo",
        "https://[::1]/org/repo",
        "https://[fd00:ec2::254]/org/repo",
        "https://[::ffff:127.0.0.1]/org/repo",
        "https://[fe80::1]/org/repo",
        "https://2130706433/org/repo",
        "https://0x7f.0.0.1/org/repo",
        "https://017700000001/org/repo",
        "https://localhost/org/repo",
        "https://app.localhost/org/repo",
        "https://internal.example.com/org/repo",
        "https://rebind.example.com/org/repo",
        "https://metadata.example.com/org/repo",
        "https://ula.example.com/org/repo",
        "https://gitea.unresolvable.invalid/org/repo",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://github.com/org/repo?x=1",
        "https://github.com/org/repo#frag",
        "https://github.com",
        "https://github.com/",
        "https:///org/repo",
        "--upload-pack=touch /tmp/pwned",
        "https://github.com/org/repo name",
        "https://github.com/org/\nrepo",
        "not a url"
      })
  void rejectsUnsafeRepos(String url) {
    assertThatThrownBy(() -> RepoUrl.parse(url, STRICT))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ProblemCode.INVALID_REPO);
              assertThat(e.field()).isEqualTo("repo");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///tmp/repos/app.git",
        "file://localhost/tmp/repos/app.git",
        "http://127.0.0.1:8999/app.git",
        "http://localhost:8999/app.git",
        "http://[::1]:8999/app.git",
        "http://loop.example.com/app.git",
        "https://127.0.0.1/app.git"
      })
  void localModeAllowsFileAndLoopback(String url) {
    assertThat(RepoUrl.parse(url, LOCAL).value()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://github.com/org/repo",
        "http://10.0.0.5/app.git",
        "https://192.168.1.1/app.git",
        "file://otherhost/tmp/app.git",
        "file:relative/app.git",
        "ext::sh -c id",
        "ssh://127.0.0.1/app.git",
        "https://user:pw@127.0.0.1/app.git",
        // An IPv6 zone id is no host name, whatever it ends with (found by RepoUrlFuzzTest).
        "http://[::%i.localhost]/app.git",
        "http://[::1%25lo]/app.git"
      })
  void localModeStillRejectsPrivateRangesAndOtherSchemes(String url) {
    assertThatThrownBy(() -> RepoUrl.parse(url, LOCAL))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(ProblemCode.INVALID_REPO));
  }

  @org.junit.jupiter.api.Test
  void refusesAHostThatDoesNotResolveWithAHint() {
    // Outside a cloud metadata.google.internal has no answer; inside one it is the metadata
    // server. Accepting it unresolved would leave the decision to DNS at clone time.
    for (RepoPolicy policy : List.of(STRICT, LOCAL)) {
      assertThatThrownBy(() -> RepoUrl.parse("https://metadata.google.internal/computeMetadata/v1/", policy))
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ProblemCode.INVALID_REPO);
                assertThat(e.getMessage()).contains("'metadata.google.internal' does not resolve");
                assertThat(e.hint()).contains("resolves in DNS");
              });
    }
  }

  @org.junit.jupiter.api.Test
  void literalIpsAreCheckedWithoutDns() {
    HostResolver failing =
        host -> {
          throw new AssertionError("DNS asked for " + host);
        };
    RepoPolicy policy = new RepoPolicy(false, failing);
    for (Map.Entry<String, Boolean> c :
        Map.of("https://10.1.1.1/a/b", false, "https://93.184.216.34/a/b", true, "https://[::1]/a/b", false)
            .entrySet()) {
      if (c.getValue()) {
        assertThat(RepoUrl.parse(c.getKey(), policy).value()).isEqualTo(c.getKey());
      } else {
        assertThatThrownBy(() -> RepoUrl.parse(c.getKey(), policy)).isInstanceOf(ValidationException.class);
      }
    }
  }
}
