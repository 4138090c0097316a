package io.deploymcp.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.checkout.support.GitRepos;
import io.deploymcp.checkout.support.Requests;
import io.deploymcp.checkout.support.ScriptedDns;
import io.deploymcp.checkout.support.SmartHttpGitServer;
import io.deploymcp.checkout.support.TestTls;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checkout connects only to addresses the address policy allows, checked when it connects
 * and pinned for the whole checkout, and follows redirects only on the repository's own origin,
 * against real smart-HTTP servers on 127.0.0.1.
 *
 * <p>How the allowed test server is told from a forbidden target: the servers live on loopback,
 * which the loopback allowance (DP_ALLOW_LOCAL_REPOS) admits; forbidden targets are private,
 * link-local and other internal addresses, which no allowance admits. Names such as
 * {@code git.test} are answered by {@link ScriptedDns}, never by the machine's DNS. Nothing is
 * listening at a forbidden address, and no test could connect there: what proves that a refusal
 * came before any connection is that the refusal is the checkout's own code (a failed connection
 * would be REPO_UNREACHABLE), that it names the address, and, where a real server stands behind
 * the refused name, that the server saw no request.
 */
class CheckoutAddressPolicyTest {
  private static final String USER = "deployer";
  private static final String TOKEN = "tok_ssrf_5e4d3c2b1a09";

  @TempDir Path tmp;
  private Path workspaces;
  private Path repo;
  private SmartHttpGitServer server;
  private final ScriptedDns dns = new ScriptedDns();

  @BeforeEach
  void setUp() throws IOException {
    workspaces = tmp.resolve("workspaces");
    repo = GitRepos.create(tmp, "app", Map.of("index.html", "<h1>app</h1>\n"));
    server = new SmartHttpGitServer(USER, TOKEN);
    server.serve("app.git", repo);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private SourceCheckout checkout(AddressPolicy policy) {
    return new SourceCheckout(GitNetwork.of(policy).withResolver(dns));
  }

  private SourceCheckout local() {
    return checkout(AddressPolicy.allowingLoopback());
  }

  private String at(String host) {
    return "http://" + host + ":" + server.port() + "/app.git";
  }

  private CheckoutException refused(SourceCheckout checkout, String url) {
    CheckoutException e =
        catchThrowableOfType(
            CheckoutException.class, () -> checkout.checkout(Requests.of(workspaces, url).auth(USER, TOKEN).build()));
    assertThat(e).as("the checkout of " + url + " was refused (it succeeded)").isNotNull();
    return e;
  }

  @Test
  void clonesThroughTheAddressItCheckedNotThroughTheMachinesDns() throws IOException {
    dns.answer("git.test", "127.0.0.1");

    CheckedOutSource source = local().checkout(Requests.of(workspaces, at("git.test")).auth(USER, TOKEN).build());

    assertThat(Files.readString(source.workspace().resolve("index.html"))).isEqualTo("<h1>app</h1>\n");
    // The machine's DNS has never heard of git.test: the connection went to the pinned address,
    // and the request still named the host it was for.
    assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.host()).isEqualTo("git.test:" + server.port()));
    assertThat(server.authorizedRequests()).isPositive();
  }

  @Test
  void looksTheHostUpOnceSoAnAnswerThatChangesMidCheckoutIsNeverUsed() throws IOException {
    // The ref advertisement, the pack request and the tag fallback are separate connections;
    // a rebinding server would answer the second lookup with an internal address.
    dns.rebind("flip.test", "127.0.0.1", "10.0.0.1");

    CheckedOutSource source =
        local().checkout(Requests.of(workspaces, at("flip.test")).auth(USER, TOKEN).build());

    assertThat(source.commitSha()).isEqualTo(GitRepos.head(repo, "main"));
    assertThat(server.requests().size()).isGreaterThanOrEqualTo(2);
    assertThat(dns.lookups("flip.test")).isEqualTo(1);
  }

  @Test
  void aNameThatResolvedPubliclyWhenTheServiceWasCreatedAndInternallyNowIsRefused() {
    dns.rebind("rebind.test", "93.184.216.34", "169.254.169.254");
    // Create time: the API's check (the same AddressPolicy) sees the public answer.
    assertThat(AddressPolicy.publicOnly().firstRefused(dns.resolve("rebind.test"))).isEmpty();

    CheckoutException e = refused(checkout(AddressPolicy.publicOnly()), "https://rebind.test/org/app.git");

    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_ADDRESS_NOT_ALLOWED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("'rebind.test' resolves to 169.254.169.254").contains("did not connect");
    assertThat(e.hint()).contains("DNS");
    assertThat(dns.lookups("rebind.test")).isEqualTo(2);
    assertThat(workspaces.resolve("dep-1")).doesNotExist();
  }

  @Test
  void aHostThatNoLongerResolvesIsUnreachableAndRetriedLikeAnyOther() {
    CheckoutException e = refused(local(), "https://gone.test/org/app.git");

    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_UNREACHABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(dns.lookups("gone.test")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"169.254.169.254", "10.0.0.1", "172.16.5.4", "192.168.1.1", "100.100.100.200", "0.0.0.0",
        "fd00:ec2::254", "fe80::1", "::ffff:10.0.0.1"})
  void refusesInternalAddressesEvenWithTheLoopbackAllowance(String address) {
    dns.answer("internal.test", "93.184.216.34", address);

    CheckoutException e = refused(local(), "http://internal.test/org/app.git");

    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_ADDRESS_NOT_ALLOWED);
    assertThat(e.getMessage()).contains("'internal.test' resolves to").contains("loopback only");
  }

  @Test
  void refusesLoopbackWithoutTheAllowanceAndTheServerThereSeesNothing() {
    dns.answer("git.test", "127.0.0.1");
    SourceCheckout strict = checkout(AddressPolicy.publicOnly());

    for (String url : new String[] {at("127.0.0.1"), at("[::1]"), at("git.test")}) {
      CheckoutException e = refused(strict, url);
      assertThat(e.code()).as(url).isEqualTo(CheckoutFailure.REPO_ADDRESS_NOT_ALLOWED);
    }
    // A real server listens at 127.0.0.1: a connection there would have been its request.
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void followsARedirectOnTheSameOriginWithTheToken() throws IOException {
    dns.answer("git.test", "127.0.0.1");
    server.redirect("old.git", 301, "http://git.test:" + server.port() + "/app.git");

    CheckedOutSource source =
        local().checkout(Requests.of(workspaces, at("git.test").replace("app.git", "old.git")).auth(USER, TOKEN).build());

    assertThat(source.commitSha()).isEqualTo(GitRepos.head(repo, "main"));
    assertThat(server.requests()).anySatisfy(r -> assertThat(r.path()).startsWith("/old.git/"));
    assertThat(server.requests()).anySatisfy(r -> assertThat(r.path()).startsWith("/app.git/"));
  }

  /** Origin host, then the host the redirect names (always on another port, another server). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.1, localhost", // another host name, though the same machine
    "git.test, git.test", // the same host name on another port
    "git.test, other.test" // another name that resolves to the very same address
  })
  void refusesARedirectToAnotherOriginAndTheTokenNeverGoesThere(String origin, String target) throws IOException {
    // The other server would take the same token: a client that forwarded it would succeed.
    try (SmartHttpGitServer other = new SmartHttpGitServer(USER, TOKEN)) {
      other.serve("app.git", repo);
      dns.answer("git.test", "127.0.0.1").answer("other.test", "127.0.0.1");
      // Redirected after the token was accepted: the moved private repository case.
      server.redirect("moved.git", 302, "http://" + target + ":" + other.port() + "/app.git");

      CheckoutException e = refused(local(), at(origin).replace("app.git", "moved.git"));

      assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_REDIRECT_NOT_ALLOWED);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage())
          .contains(" to http://" + target + ":" + other.port())
          .contains("nothing was sent there")
          .doesNotContain(TOKEN);
      assertThat(e.hint()).contains("new URL");
      assertThat(server.authorizedRequests()).as("the origin got the token").isPositive();
      assertThat(other.requests()).as("what reached the other host").noneMatch(r -> r.authorization() != null);
      assertThat(other.requests()).as("requests that reached the other host").isEmpty();
    }
  }

  @Test
  void refusesARedirectToAnInternalAddressWithoutLookingItUp() {
    dns.answer("metadata.test", "169.254.169.254");
    server.redirectBeforeAuth("app.git", 301, "http://metadata.test/computeMetadata/v1");

    CheckoutException e = refused(local(), server.url("app.git"));

    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_REDIRECT_NOT_ALLOWED);
    assertThat(e.getMessage()).contains("http://metadata.test:80");
    assertThat(dns.lookups("metadata.test")).isZero();
    assertThat(server.requests()).allSatisfy(r -> assertThat(r.authorization()).isNull());
  }

  @Test
  void verifiesTheCertificateForTheHostNameWhileConnectingToThePinnedAddress() throws Exception {
    TestTls tls = TestTls.forName("git.test");
    try (SmartHttpGitServer https = SmartHttpGitServer.https(tls.server(), USER, TOKEN)) {
      https.serve("app.git", repo);
      dns.answer("git.test", "127.0.0.1").answer("impostor.test", "127.0.0.1");
      SourceCheckout checkout =
          new SourceCheckout(GitNetwork.of(AddressPolicy.allowingLoopback()).withResolver(dns).withTls(tls.client()));
      String url = "https://git.test:" + https.port() + "/app.git";

      CheckedOutSource source = checkout.checkout(Requests.of(workspaces, url).auth(USER, TOKEN).build());
      assertThat(source.commitSha()).isEqualTo(GitRepos.head(repo, "main"));

      // The same server and address under a name its certificate does not carry.
      CheckoutException e =
          catchThrowableOfType(
              CheckoutException.class,
              () ->
                  checkout.checkout(
                      Requests.of(workspaces, url.replace("git.test", "impostor.test")).name("dep-2").auth(USER, TOKEN).build()));
      assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_UNREACHABLE);
      assertThat(e.getMessage()).contains("impostor.test");
      assertThat(https.requests()).allSatisfy(r -> assertThat(r.host()).startsWith("git.test:"));
    }
  }

  @Test
  void theTokenIsOfferedOnlyToTheRepositorysOrigin() {
    OriginCredentials credentials =
        new OriginCredentials(Origin.of(java.net.URI.create("https://git.example/org/app.git")), new GitAuth(USER, TOKEN));
    org.eclipse.jgit.transport.CredentialItem.Password password =
        new org.eclipse.jgit.transport.CredentialItem.Password();

    assertThat(credentials.get(uri("https://evil.example/org/app.git"), password)).isFalse();
    assertThat(credentials.get(uri("https://git.example:8443/org/app.git"), password)).isFalse();
    assertThat(credentials.get(uri("http://git.example/org/app.git"), password)).isFalse();
    assertThat(password.getValue()).isNull();
    assertThat(credentials.get(uri("https://GIT.example:443/org/other.git"), password)).isTrue();
    assertThat(new String(password.getValue())).isEqualTo(TOKEN);
  }

  private static org.eclipse.jgit.transport.URIish uri(String url) {
    try {
      return new org.eclipse.jgit.transport.URIish(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void literalAddressesAreCheckedWithoutAskingDns() throws Exception {
    CheckedDnsResolver resolver =
        new CheckedDnsResolver(AddressPolicy.allowingLoopback(), dns, reason -> {});

    assertThat(resolver.resolve("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
    assertThat(resolver.resolve("[::1]")).containsExactly(InetAddress.getByName("::1"));
    RefusedConnection refused =
        catchThrowableOfType(RefusedConnection.class, () -> resolver.resolve("169.254.169.254"));
    assertThat(refused.reason().code()).isEqualTo(CheckoutFailure.REPO_ADDRESS_NOT_ALLOWED);
    assertThat(dns.lookups()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"999.1.1.1", "0x7f.1", "2130706433", "127.1", "[fe80::1%eth0]"})
  void anAddressInAnyOtherSpellingIsRefusedWithoutAskingDns(String host) {
    // 999.1.1.1 is no address to getByName, which would have sent it to the machine's DNS.
    CheckedDnsResolver resolver =
        new CheckedDnsResolver(AddressPolicy.allowingLoopback(), dns, reason -> {});

    RefusedConnection refused = catchThrowableOfType(RefusedConnection.class, () -> resolver.resolve(host));

    assertThat(refused).as(host).isNotNull();
    assertThat(refused.reason().code()).isEqualTo(CheckoutFailure.REPO_ADDRESS_NOT_ALLOWED);
    assertThat(refused.reason().getMessage()).contains("did not connect");
    assertThat(dns.lookups()).isEmpty();
  }

  @Test
  void aHostRefusedOnceStaysRefusedWithoutAskingDnsAgain() {
    // JGit retries a failed request (without auth, say); a rebinding server must not get a
    // second answer in the same checkout.
    dns.rebind("rebind.test", "10.0.0.1", "93.184.216.34");
    java.util.List<CheckoutException> reported = new java.util.ArrayList<>();
    CheckedDnsResolver resolver = new CheckedDnsResolver(AddressPolicy.publicOnly(), dns, reported::add);

    for (int i = 0; i < 2; i++) {
      RefusedConnection refused = catchThrowableOfType(RefusedConnection.class, () -> resolver.resolve("rebind.test"));
      assertThat(refused.reason().getMessage()).contains("10.0.0.1");
    }
    assertThat(dns.lookups("rebind.test")).isEqualTo(1);
    assertThat(reported).hasSize(1);
  }
}
