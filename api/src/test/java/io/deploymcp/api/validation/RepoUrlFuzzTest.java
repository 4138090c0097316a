package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deploymcp.address.AddressPolicy;
import io.deploymcp.address.HostResolver;
import io.deploymcp.api.problem.ProblemCode;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Repo URLs from the fuzzer against a resolver that calls every name public, so what stands
 * between an input and acceptance is RepoUrl's own reading of the host. Properties: a refusal is
 * always INVALID_REPO on "repo"; an accepted URL is stored as sent, parses again to itself, names
 * the same host to java.net.URL (the checkout's transport builds one) as it did to the check, and
 * that host is either a name the resolver was asked about or an address literal the policy
 * allows — never a number some client would read as an internal IPv4 address.
 */
class RepoUrlFuzzTest {
  private static final InetAddress PUBLIC = address("93.184.216.34");

  @FuzzTest
  void acceptsOnlyUrlsWhoseHostThePolicyChecked(FuzzedDataProvider data) throws Exception {
    boolean allowLocal = data.consumeBoolean();
    String raw = data.consumeRemainingAsString();
    List<String> asked = new ArrayList<>();
    HostResolver everyNamePublic =
        host -> {
          asked.add(host);
          return List.of(PUBLIC);
        };
    RepoPolicy policy = new RepoPolicy(allowLocal, everyNamePublic);

    RepoUrl url;
    try {
      url = RepoUrl.parse(raw, policy);
    } catch (ValidationException refused) {
      assertThat(refused.code()).isEqualTo(ProblemCode.INVALID_REPO);
      assertThat(refused.field()).isEqualTo("repo");
      return;
    }

    assertThat(url.value()).as("stored as sent").isEqualTo(raw);
    assertThat(RepoUrl.parse(url.value(), new RepoPolicy(allowLocal, host -> List.of(PUBLIC))).value())
        .isEqualTo(url.value());
    URI uri = new URI(url.value());
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      assertThat(allowLocal).as("file:// only with DP_ALLOW_LOCAL_REPOS").isTrue();
      return;
    }
    assertThat(scheme).isIn("https", "http");
    assertThat(uri.getRawUserInfo()).isNull();
    String host = uri.getHost();
    assertThat(urlHost(url.value())).as("java.net.URL's host of %s", raw).isEqualToIgnoringCase(host);

    String bare = (host.startsWith("[") ? host.substring(1, host.length() - 1) : host).toLowerCase(Locale.ROOT);
    Optional<InetAddress> literal = literal(host, bare);
    if (literal.isPresent()) {
      InetAddress a = literal.get();
      assertThat(asked).as("a literal %s goes to no resolver", host).isEmpty();
      assertThat(AddressPolicy.of(allowLocal).allows(a)).as("%s (%s) is internal", raw, a.getHostAddress()).isTrue();
      if (scheme.equals("http")) {
        assertThat(allowLocal && a.isLoopbackAddress()).as("http only to loopback").isTrue();
      }
    } else if (bare.equals("localhost") || bare.endsWith(".localhost")) {
      assertThat(allowLocal).as("localhost only with DP_ALLOW_LOCAL_REPOS").isTrue();
    } else {
      assertThat(asked).as("the name checked is the URL's host").containsExactly(bare);
      assertThat(scheme).as("http only to loopback").isEqualTo("https");
    }
  }

  /** The host as an address, read as leniently as any client would, or empty for a name. */
  private static Optional<InetAddress> literal(String host, String bare) throws UnknownHostException {
    if (host.startsWith("[")) {
      return Optional.of(InetAddress.getByName(host));
    }
    Optional<byte[]> v4 = NumericHost.ipv4(bare);
    return v4.isPresent() ? Optional.of(InetAddress.getByAddress(v4.get())) : Optional.empty();
  }

  @SuppressWarnings("deprecation") // JGit's TransportHttp parses the repo URL with new URL(String)
  private static String urlHost(String value) {
    try {
      return new java.net.URL(value).getHost();
    } catch (MalformedURLException e) {
      throw new AssertionError("an accepted repo URL is no java.net.URL: " + value, e);
    }
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
