package io.deploymcp.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.checkout.support.GitRepos;
import io.deploymcp.checkout.support.Requests;
import io.deploymcp.checkout.support.SmartHttpGitServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submodules over smart HTTP: fetched from the same host with the same token, refused otherwise. */
class SubmoduleCheckoutTest {
  private static final String USER = "deployer";
  private static final String TOKEN = "tok_submodule_5566778899";

  @TempDir Path tmp;
  private Path workspaces;
  private Path app;
  private String libHead;
  private SmartHttpGitServer server;
  private String appUrl;
  private final SourceCheckout checkout = new SourceCheckout(GitNetwork.of(AddressPolicy.allowingLoopback()));

  @BeforeEach
  void setUp() throws IOException {
    workspaces = tmp.resolve("workspaces");
    Path lib = GitRepos.create(tmp, "lib", Map.of("lib.txt", "library\n"));
    libHead = GitRepos.head(lib, "main");
    app = GitRepos.create(tmp, "app", Map.of("index.html", "<h1>app</h1>\n"));
    server = new SmartHttpGitServer(USER, TOKEN);
    appUrl = server.serve("org/app.git", app);
    server.serve("org/lib.git", lib);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private CheckedOutSource checkOut(SubmodulePolicy policy) {
    return checkout.checkout(
        Requests.of(workspaces, appUrl).auth(USER, TOKEN).submodules(policy).build());
  }

  private CheckoutException refused() {
    return catchThrowableOfType(CheckoutException.class, () -> checkOut(SubmodulePolicy.SAME_HOST));
  }

  @Test
  void relativeSubmoduleOnTheSameHostIsFetchedWithTheSameToken() throws IOException {
    GitRepos.addSubmodule(app, "lib", "vendor/lib", "../lib.git", libHead);

    CheckedOutSource source = checkOut(SubmodulePolicy.SAME_HOST);

    Path lib = source.workspace().resolve("vendor/lib");
    assertThat(Files.readString(lib.resolve("lib.txt"))).isEqualTo("library\n");
    assertThat(lib.resolve(".git")).doesNotExist();
    assertThat(source.bytes()).isEqualTo("<h1>app</h1>\n".length() + "library\n".length() + Files.size(source.workspace().resolve(".gitmodules")));
  }

  @Test
  void moreSubmodulesThanTheCheckoutHoldsConnectionsForAreFetched() {
    // Each submodule is a transport of its own, and JGit leaves each ref advertisement open;
    // unless the checkout gives those connections back, the ninth fetch waits for the pool
    // until the deadline.
    for (int i = 0; i < 10; i++) {
      GitRepos.addSubmodule(app, "lib" + i, "vendor/lib" + i, "../lib.git", libHead);
    }

    CheckedOutSource source =
        checkout.checkout(
            Requests.of(workspaces, appUrl).auth(USER, TOKEN).timeout(java.time.Duration.ofSeconds(20)).build());

    assertThat(source.workspace().resolve("vendor/lib9/lib.txt")).exists();
  }

  @Test
  void absoluteUrlOnTheSameHostIsFetched() {
    GitRepos.addSubmodule(app, "lib", "lib", server.url("org/lib.git"), libHead);

    assertThat(checkOut(SubmodulePolicy.SAME_HOST).workspace().resolve("lib/lib.txt")).exists();
  }

  @Test
  void submoduleOnAnotherHostIsRefusedAndNamed() {
    GitRepos.addSubmodule(app, "evil", "evil", "https://github.com/someone/evil.git", libHead);

    CheckoutException e = refused();

    assertThat(e.code()).isEqualTo(CheckoutFailure.SUBMODULE_NOT_ALLOWED);
    assertThat(e.getMessage()).contains("'evil'").contains("github.com");
    assertThat(e.retryable()).isFalse();
    assertThat(workspaces.resolve("dep-1")).doesNotExist();
  }

  @Test
  void submoduleOnTheSameHostButAnotherPortIsRefused() throws IOException {
    try (SmartHttpGitServer other = new SmartHttpGitServer()) {
      GitRepos.addSubmodule(app, "lib", "lib", other.serve("lib.git", tmp.resolve("lib")), libHead);

      assertThat(refused().code()).isEqualTo(CheckoutFailure.SUBMODULE_NOT_ALLOWED);
      assertThat(other.authorizedRequests()).as("the token never went to the other port").isZero();
    }
  }

  @Test
  void fileSshAndScpStyleSubmodulesAreRefused() {
    for (String url :
        new String[] {
          tmp.resolve("lib").toUri().toString(), "ssh://git@127.0.0.1/org/lib.git", "git@github.com:org/lib.git", "/etc"
        }) {
      Path fresh = GitRepos.create(tmp, "app-" + Math.abs(url.hashCode()), Map.of("a", "a\n"));
      GitRepos.addSubmodule(fresh, "lib", "lib", url, libHead);
      CheckoutException e =
          catchThrowableOfType(
              CheckoutException.class,
              () -> checkout.checkout(Requests.of(workspaces, fresh.toUri().toString()).build()));
      assertThat(e.code()).as(url).isEqualTo(CheckoutFailure.SUBMODULE_NOT_ALLOWED);
    }
  }

  @Test
  void skipPolicyLeavesSubmodulesEmptyWhateverTheirUrl() {
    GitRepos.addSubmodule(app, "evil", "evil", "https://github.com/someone/evil.git", libHead);

    CheckedOutSource source = checkOut(SubmodulePolicy.SKIP);

    assertThat(source.workspace().resolve("evil")).isEmptyDirectory();
    assertThat(source.workspace().resolve("index.html")).exists();
  }

  @Test
  void submoduleCommitMissingOnItsServerIsCommitNotFound() {
    GitRepos.addSubmodule(app, "lib", "lib", "../lib.git", "89abcdef0123456789abcdef0123456789abcdef");

    CheckoutException e = refused();

    assertThat(e.code()).isEqualTo(CheckoutFailure.COMMIT_NOT_FOUND);
    assertThat(e.getMessage()).contains("submodule 'lib'");
  }
}
