package io.deploymcp.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.checkout.support.GitRepos;
import io.deploymcp.checkout.support.Requests;
import io.deploymcp.checkout.support.SmartHttpGitServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.storage.pack.PackStatistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkouts of real repositories: on disk (file://) and private over smart HTTP. */
class SourceCheckoutTest {
  private static final String USER = "deployer";
  private static final String TOKEN = "tok_9f8e7d6c5b4a39281706";

  @TempDir Path tmp;
  private Path workspaces;
  private Path repo;
  private SmartHttpGitServer server;
  private String url;
  private final SourceCheckout checkout = new SourceCheckout(GitNetwork.of(AddressPolicy.allowingLoopback()));

  @BeforeEach
  void setUp() throws IOException {
    workspaces = tmp.resolve("workspaces");
    repo =
        GitRepos.create(
            tmp,
            "app",
            Map.of("index.html", "<h1>one</h1>\n", "apps/web/package.json", "{}\n", "README.md", "hi\n"));
    server = new SmartHttpGitServer(USER, TOKEN);
    url = server.serve("app.git", repo);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Requests request() {
    return Requests.of(workspaces, url).auth(USER, TOKEN);
  }

  private Requests fileRequest() {
    return Requests.of(workspaces, repo.toUri().toString());
  }

  @Test
  void checksOutTheBranchHeadWithoutGitMetadata() throws IOException {
    String second = GitRepos.commit(repo, Map.of("index.html", "<h1>two</h1>\n"), "second");

    CheckedOutSource source = checkout.checkout(request().build());

    assertThat(source.commitSha()).isEqualTo(second);
    assertThat(source.workspace()).isEqualTo(workspaces.resolve("dep-1"));
    assertThat(source.contextDir()).isEqualTo(source.workspace());
    assertThat(Files.readString(source.workspace().resolve("index.html"))).isEqualTo("<h1>two</h1>\n");
    assertThat(source.workspace().resolve("apps/web/package.json")).exists();
    assertThat(source.workspace().resolve(".git")).doesNotExist();
    assertThat(source.bytes()).isEqualTo("<h1>two</h1>\n".length() + "{}\n".length() + "hi\n".length());
    assertThat(server.authorizedRequests()).isPositive();
  }

  @Test
  void aFilesModificationTimeDependsOnItsContentOnlySoBuildKitResendsOnlyChangedFiles()
      throws IOException {
    Path first = checkout.checkout(request().name("first").build()).workspace();
    GitRepos.commit(repo, Map.of("index.html", "<h1>two</h1>\n"), "second");
    Path second = checkout.checkout(request().name("second").build()).workspace();

    assertThat(Files.getLastModifiedTime(second.resolve("README.md")))
        .isEqualTo(Files.getLastModifiedTime(first.resolve("README.md")));
    assertThat(Files.getLastModifiedTime(second.resolve("apps/web/package.json")))
        .isEqualTo(Files.getLastModifiedTime(first.resolve("apps/web/package.json")));
    assertThat(Files.getLastModifiedTime(second.resolve("index.html")))
        .isNotEqualTo(Files.getLastModifiedTime(first.resolve("index.html")));
  }

  @Test
  void fetchesOnlyTheOneCommitNotTheHistory() {
    byte[] old = new byte[300_000];
    new Random(1).nextBytes(old);
    GitRepos.commitBytes(repo, "old.bin", old, "big file");
    GitRepos.commit(repo, Map.of("old.bin", "gone\n"), "shrink it");
    String head = GitRepos.commit(repo, Map.of("index.html", "<h1>three</h1>\n"), "third");

    CheckedOutSource source = checkout.checkout(request().build());

    assertThat(source.commitSha()).isEqualTo(head);
    PackStatistics pack = server.packs().getLast();
    assertThat(pack.byObjectType(Constants.OBJ_COMMIT).getObjects()).isEqualTo(1);
    assertThat(pack.getDepth()).isEqualTo(1);
    assertThat(pack.getTotalBytes()).isLessThan(old.length / 10);
  }

  @Test
  void checksOutAnExactOlderCommit() throws IOException {
    String first = GitRepos.head(repo, "main");
    GitRepos.commit(repo, Map.of("index.html", "<h1>two</h1>\n"), "second");

    CheckedOutSource source = checkout.checkout(request().ref(first).build());

    assertThat(source.commitSha()).isEqualTo(first);
    assertThat(Files.readString(source.workspace().resolve("index.html"))).isEqualTo("<h1>one</h1>\n");
    assertThat(server.packs().getLast().byObjectType(Constants.OBJ_COMMIT).getObjects()).isEqualTo(1);
  }

  @Test
  void checksOutAnExactCommitOverFile() throws IOException {
    String first = GitRepos.head(repo, "main");
    GitRepos.commit(repo, Map.of("index.html", "<h1>two</h1>\n"), "second");

    CheckedOutSource source = checkout.checkout(fileRequest().ref(first.toUpperCase()).build());

    assertThat(source.commitSha()).isEqualTo(first);
    assertThat(Files.readString(source.workspace().resolve("index.html"))).isEqualTo("<h1>one</h1>\n");
  }

  @Test
  void checksOutAnotherBranchAndATagOverFile() throws IOException {
    GitRepos.branch(repo, "feature");
    GitRepos.checkoutBranch(repo, "feature");
    String feature = GitRepos.commit(repo, Map.of("index.html", "<h1>feature</h1>\n"), "feature");
    GitRepos.tag(repo, "v1.0");
    GitRepos.checkoutBranch(repo, "main");

    assertThat(checkout.checkout(fileRequest().ref("feature").build()).commitSha()).isEqualTo(feature);
    CheckedOutSource tagged = checkout.checkout(fileRequest().ref("v1.0").name("dep-2").build());
    assertThat(tagged.commitSha()).isEqualTo(feature);
    assertThat(Files.readString(tagged.workspace().resolve("index.html"))).isEqualTo("<h1>feature</h1>\n");
  }

  @Test
  void missingBranchIsBranchNotFoundAndListsTheBranches() {
    CheckoutException e =
        catchThrowableOfType(
            CheckoutException.class, () -> checkout.checkout(request().ref("nope").build()));

    assertThat(e.code()).isEqualTo(CheckoutFailure.BRANCH_NOT_FOUND);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("'nope'");
    assertThat(e.hint()).contains("main");
    assertThat(workspaces.resolve("dep-1")).doesNotExist();
  }

  @Test
  void invalidBranchNameIsBranchNotFound() {
    assertThatThrownBy(() -> checkout.checkout(fileRequest().ref("a..b").build()))
        .isInstanceOfSatisfying(
            CheckoutException.class, e -> assertThat(e.code()).isEqualTo(CheckoutFailure.BRANCH_NOT_FOUND));
  }

  @Test
  void missingCommitIsCommitNotFound() {
    String absent = "0123456789abcdef0123456789abcdef01234567";

    CheckoutException overHttp =
        catchThrowableOfType(CheckoutException.class, () -> checkout.checkout(request().ref(absent).build()));
    CheckoutException overFile =
        catchThrowableOfType(CheckoutException.class, () -> checkout.checkout(fileRequest().ref(absent).build()));

    assertThat(overHttp.code()).isEqualTo(CheckoutFailure.COMMIT_NOT_FOUND);
    assertThat(overHttp.getMessage()).contains(absent);
    assertThat(overFile.code()).isEqualTo(CheckoutFailure.COMMIT_NOT_FOUND);
    assertThat(workspaces.resolve("dep-1")).doesNotExist();
  }

  @Test
  void wrongOrMissingTokenIsRepoAuthFailed() {
    CheckoutException wrong =
        catchThrowableOfType(
            CheckoutException.class,
            () -> checkout.checkout(Requests.of(workspaces, url).auth(USER, "tok_wrong_1234567").build()));
    CheckoutException none =
        catchThrowableOfType(
            CheckoutException.class, () -> checkout.checkout(Requests.of(workspaces, url).build()));

    assertThat(wrong.code()).isEqualTo(CheckoutFailure.REPO_AUTH_FAILED);
    assertThat(wrong.retryable()).isFalse();
    assertThat(none.code()).isEqualTo(CheckoutFailure.REPO_AUTH_FAILED);
    assertThat(wrong.hint()).contains("token");
    assertThat(server.refusedRequests()).isPositive();
    assertThat(workspaces.resolve("dep-1")).doesNotExist();
  }

  @Test
  void unknownRepositoryIsRepoNotFound() {
    CheckoutException overHttp =
        catchThrowableOfType(
            CheckoutException.class,
            () -> checkout.checkout(Requests.of(workspaces, server.url("other.git")).auth(USER, TOKEN).build()));
    CheckoutException overFile =
        catchThrowableOfType(
            CheckoutException.class,
            () -> checkout.checkout(Requests.of(workspaces, tmp.resolve("absent").toUri().toString()).build()));

    assertThat(overHttp.code()).isEqualTo(CheckoutFailure.REPO_NOT_FOUND);
    assertThat(overFile.code()).isEqualTo(CheckoutFailure.REPO_NOT_FOUND);
  }

  @Test
  void closedPortIsRepoUnreachableAndRetryable() throws IOException {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    CheckoutException e =
        catchThrowableOfType(
            CheckoutException.class,
            () -> checkout.checkout(Requests.of(workspaces, "http://127.0.0.1:" + port + "/app.git").build()));

    assertThat(e.code()).isEqualTo(CheckoutFailure.REPO_UNREACHABLE);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void rootDirSelectsTheBuildContext() {
    CheckedOutSource source = checkout.checkout(request().rootDir("./apps/web/").build());

    assertThat(source.contextDir()).isEqualTo(source.workspace().resolve("apps/web"));
    assertThat(source.contextDir().resolve("package.json")).exists();
  }

  @Test
  void missingRootDirIsRootDirNotFoundAndListsTopLevelDirectories() {
    CheckoutException e =
        catchThrowableOfType(
            CheckoutException.class, () -> checkout.checkout(request().rootDir("apps/api").build()));

    assertThat(e.code()).isEqualTo(CheckoutFailure.ROOT_DIR_NOT_FOUND);
    assertThat(e.getMessage()).contains("apps/api").contains("does not exist");
    assertThat(e.hint()).contains("apps");
    assertThat(workspaces.resolve("dep-1")).doesNotExist();
  }

  @Test
  void rootDirThatIsAFileIsRootDirNotFound() {
    assertThatThrownBy(() -> checkout.checkout(request().rootDir("README.md").build()))
        .isInstanceOfSatisfying(
            CheckoutException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CheckoutFailure.ROOT_DIR_NOT_FOUND);
              assertThat(e.getMessage()).contains("is not a directory");
            });
  }

  @Test
  void rootDirLeavingTheRepositoryIsRefusedBeforeAnythingIsFetched() {
    for (String bad : new String[] {"../etc", "apps/../../x", "/etc", "apps\\web", ".git"}) {
      assertThatThrownBy(() -> checkout.checkout(request().rootDir(bad).build()))
          .as(bad)
          .isInstanceOfSatisfying(
              CheckoutException.class, e -> assertThat(e.code()).isEqualTo(CheckoutFailure.ROOT_DIR_NOT_FOUND));
    }
    assertThat(server.authorizedRequests() + server.refusedRequests()).isZero();
    assertThat(workspaces.resolve("dep-1")).doesNotExist();
  }

  @Test
  void rootDirThroughASymlinkOutOfTheWorkspaceIsRefused() {
    GitRepos.commitSymlink(repo, "escape", tmp.toString());
    GitRepos.commitSymlink(repo, "web", "apps/web");

    assertThatThrownBy(() -> checkout.checkout(request().rootDir("escape").build()))
        .isInstanceOfSatisfying(
            CheckoutException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CheckoutFailure.ROOT_DIR_NOT_FOUND);
              assertThat(e.getMessage()).contains("symbolic link");
            });
    // A link that stays inside is followed.
    CheckedOutSource inside = checkout.checkout(request().rootDir("web").build());
    assertThat(inside.contextDir()).isEqualTo(inside.workspace().resolve("apps/web"));
  }

  @Test
  void largerThanTheLimitIsCheckoutTooLargeAndSaysTheLimit() {
    byte[] big = new byte[2_000_000];
    new Random(2).nextBytes(big);
    GitRepos.commitBytes(repo, "assets/big.bin", big, "big");

    CheckoutException e =
        catchThrowableOfType(
            CheckoutException.class, () -> checkout.checkout(request().maxBytes(1_000_000).build()));

    assertThat(e.code()).isEqualTo(CheckoutFailure.CHECKOUT_TOO_LARGE);
    assertThat(e.getMessage()).contains("1000000 bytes");
    assertThat(e.retryable()).isFalse();
    assertThat(workspaces.resolve("dep-1")).doesNotExist();
  }

  @Test
  void keepsExecutableBitsAndSymbolicLinks() throws IOException {
    Path script = repo.resolve("bin/start.sh");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    script.toFile().setExecutable(true);
    try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(repo.toFile())) {
      git.add().addFilepattern("bin/start.sh").call();
      git.commit().setMessage("script").call();
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new IllegalStateException(e);
    }
    GitRepos.commitSymlink(repo, "current", "apps/web");

    CheckedOutSource source = checkout.checkout(request().build());

    assertThat(Files.isExecutable(source.workspace().resolve("bin/start.sh"))).isTrue();
    assertThat(Files.isExecutable(source.workspace().resolve("README.md"))).isFalse();
    assertThat(Files.isSymbolicLink(source.workspace().resolve("current"))).isTrue();
    assertThat(Files.readSymbolicLink(source.workspace().resolve("current"))).isEqualTo(Path.of("apps/web"));
  }

  @Test
  void treeWithAPathLeavingTheWorkspaceIsRefused() {
    GitRepos.commitUnsafeTree(repo, "evil", "..", "escaped.txt");

    CheckoutException e =
        catchThrowableOfType(CheckoutException.class, () -> checkout.checkout(request().ref("evil").build()));

    assertThat(e.code()).isEqualTo(CheckoutFailure.COMMIT_NOT_FOUND);
    assertThat(e.getMessage()).contains("cannot be checked out safely");
    assertThat(workspaces.resolve("escaped.txt")).doesNotExist();
    assertThat(workspaces.resolve("dep-1")).doesNotExist();
  }

  @Test
  void aRetryOfTheSameDeploymentReplacesTheOldWorkspace() throws IOException {
    Path stale = workspaces.resolve("dep-1/stale.txt");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "from a crashed attempt");

    CheckedOutSource source = checkout.checkout(request().build());

    assertThat(stale).doesNotExist();
    assertThat(source.workspace().resolve("index.html")).exists();
  }

  @Test
  void callerRemovesTheWorkspace() {
    CheckedOutSource source = checkout.checkout(request().build());

    assertThat(Workspaces.remove(source.workspace())).isTrue();

    assertThat(source.workspace()).doesNotExist();
    assertThat(workspaces).exists();
  }
}
