package io.deploymcp.checkout;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The JGit work of one checkout, run on the checkout's own thread: init an empty repository in
 * the workspace, fetch one commit with depth 1, check its size, check it out, do the same for
 * allowed submodules, then drop the {@code .git} directories. Every HTTP transport it opens
 * goes through the checkout's {@link PinnedConnectionFactory}; no other network transport is
 * opened.
 */
final class GitCheckout {
  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");
  private static final String FETCHED = "refs/dp/fetched";
  private static final int MAX_SUBMODULE_DEPTH = 3;
  private static final int LISTED_BRANCHES = 10;

  private record Submodule(String name, String path, ObjectId commit, String url) {}

  private final URI origin;
  private final Optional<GitAuth> auth;
  private final CheckoutGuard guard;
  private final SubmodulePolicy submodules;
  private final Collection<String> secrets;
  private final GitNetwork network;
  private PinnedConnectionFactory http;

  GitCheckout(
      URI origin,
      Optional<GitAuth> auth,
      CheckoutGuard guard,
      SubmodulePolicy submodules,
      Collection<String> secrets,
      GitNetwork network) {
    this.origin = origin;
    this.auth = auth;
    this.guard = guard;
    this.submodules = submodules;
    this.secrets = secrets;
    this.network = network;
  }

  /** {@code timings} says where the time went, e.g. "fetch 120 ms, checkout 40 ms", for the log. */
  record Result(String commitSha, long bytes, String timings) {}

  Result run(Path workspace, String ref) throws IOException {
    String what = "the repository";
    long start = System.nanoTime();
    long fetched;
    long checkedOut;
    RevCommit commit;
    try (PinnedConnectionFactory connections =
            new PinnedConnectionFactory(
                Origin.of(origin), network, Duration.ofSeconds(guard.remainingSeconds()));
        Git git = init(workspace)) {
      http = connections;
      guard.phase("fetching " + what);
      ObjectId commitId = fetch(git.getRepository(), origin, ref, what);
      fetched = System.nanoTime();
      commit = checkOut(git, commitId, what, isFullSha(ref) ? ref : null);
      checkedOut = System.nanoTime();
      checkOutSubmodules(git.getRepository(), commit, workspace, origin, 0);
    } finally {
      Workspaces.deleteTree(workspace.resolve(Constants.DOT_GIT));
    }
    long end = System.nanoTime();
    String timings =
        "fetch " + millis(start, fetched) + " ms, checkout " + millis(fetched, checkedOut)
            + " ms, submodules and cleanup " + millis(checkedOut, end) + " ms";
    return new Result(commit.name(), guard.checkedOutBytes(), timings);
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private Git init(Path dir) throws IOException {
    try {
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
      // JGit starts a background gc after a fetch when it thinks one is due; this repository
      // lives for seconds and is deleted, so that would only burn CPU and race the delete.
      git.getRepository().getConfig().setBoolean(
          ConfigConstants.CONFIG_FETCH_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOGC, false);
      return git;
    } catch (GitAPIException e) {
      throw new IOException("could not create a git repository in the workspace", e);
    }
  }

  /** Fetches {@code ref} (depth 1) and returns the commit it names. */
  private ObjectId fetch(Repository repo, URI uri, String ref, String what) {
    guard.watchDownload(repo.getDirectory().toPath());
    try {
      if (isFullSha(ref)) {
        String sha = ref.toLowerCase(Locale.ROOT);
        // A bare sha as the source: JGit sends "want <sha>" without needing an advertised ref
        // (git hosts allow reachable commits; GitHub and Gitea do).
        try {
          runFetch(repo, uri, new RefSpec(sha), what, sha);
        } catch (MissingSpec e) {
          throw GitErrors.commitNotFound(what, sha, null);
        }
        return ObjectId.fromString(sha);
      }
      List<String> candidates =
          ref.startsWith(Constants.R_REFS)
              ? List.of(ref)
              : List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref);
      for (String candidate : candidates) {
        if (!Repository.isValidRefName(candidate)) {
          throw new CheckoutException(
              CheckoutFailure.BRANCH_NOT_FOUND,
              "'" + ref + "' is not a valid branch name",
              "Deploy an existing branch, or a full 40-character commit sha.");
        }
        try {
          runFetch(repo, uri, new RefSpec("+" + candidate + ":" + FETCHED), what, null);
          ObjectId id = repo.resolve(FETCHED + "^{commit}");
          if (id == null) {
            throw GitErrors.commitNotFound(what, candidate, null);
          }
          return id;
        } catch (MissingSpec e) {
          // Not there: try the next spelling (a branch first, then a tag of that name).
        }
      }
      throw branchNotFound(uri, ref, what);
    } catch (IOException e) {
      throw failure(e, what, null);
    } finally {
      guard.watchDownload(null);
    }
  }

  /** Thrown when the remote does not advertise the ref asked for. */
  private static final class MissingSpec extends Exception {
    MissingSpec() {
      super(null, null, false, false);
    }
  }

  private void runFetch(Repository repo, URI uri, RefSpec spec, String what, String sha)
      throws MissingSpec {
    try (Transport transport = Transport.open(repo, new URIish(uri.toString()))) {
      connectThroughPolicy(transport);
      credentials().ifPresent(transport::setCredentialsProvider);
      transport.setTimeout(guard.remainingSeconds());
      transport.setDepth(1);
      transport.setTagOpt(TagOpt.NO_TAGS);
      transport.fetch(guard, List.of(spec));
    } catch (TransportException e) {
      if (spec.getSource() != null
          && !isFullSha(spec.getSource())
          && String.valueOf(e.getMessage())
              .endsWith(MessageFormat.format(JGitText.get().remoteDoesNotHaveSpec, spec.getSource()))) {
        throw new MissingSpec();
      }
      throw shaFailure(failure(e, what, sha), uri, what, sha);
    } catch (URISyntaxException e) {
      throw new CheckoutException(
          CheckoutFailure.REPO_NOT_FOUND,
          what + " has a URL git cannot read",
          "Check the repository URL.");
    } catch (RuntimeException e) {
      if (e instanceof CheckoutException checkout) {
        throw checkout;
      }
      throw failure(e, what, sha);
    } catch (Exception e) {
      throw shaFailure(failure(e, what, sha), uri, what, sha);
    } finally {
      http.releaseAll(); // the transport is closed: nothing reads its responses any more
    }
  }

  /**
   * Servers say "this commit does not exist" in different ways: GitHub and git answer "not our
   * ref", JGit's own server fails with an internal error and closes the stream. When a fetch
   * of a sha broke off but the server still lists its refs, the commit is what is missing —
   * unless it is one of those refs.
   */
  private CheckoutException shaFailure(CheckoutException failure, URI uri, String what, String sha) {
    if (sha == null || failure.code() != CheckoutFailure.REPO_UNREACHABLE || guard.pastDeadline()) {
      return failure;
    }
    Optional<Collection<Ref>> refs = advertisedRefs(uri, false);
    if (refs.isEmpty()) {
      return failure;
    }
    for (Ref ref : refs.get()) {
      ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
      if (id != null && id.name().equals(sha)) {
        return failure;
      }
    }
    return GitErrors.commitNotFound(what, sha, failure.getCause());
  }

  /** The refs the server advertises, or empty when asking fails too. */
  private Optional<Collection<Ref>> advertisedRefs(URI uri, boolean headsOnly) {
    try {
      var command =
          Git.lsRemoteRepository()
              .setRemote(uri.toString())
              .setHeads(headsOnly)
              .setTimeout(guard.remainingSeconds())
              .setTransportConfigCallback(this::connectThroughPolicy);
      credentials().ifPresent(command::setCredentialsProvider);
      return Optional.of(command.call());
    } catch (Exception e) {
      return Optional.empty();
    } finally {
      http.releaseAll();
    }
  }

  /**
   * HTTP goes through the checkout's connection factory; file:// needs no network. Anything
   * else (git://, ssh) would open a socket the address check never sees.
   */
  private void connectThroughPolicy(Transport transport) {
    if (transport instanceof TransportHttp http) {
      http.setHttpConnectionFactory(this.http);
      return;
    }
    if (!"file".equalsIgnoreCase(transport.getURI().getScheme())) {
      throw new CheckoutException(
          CheckoutFailure.REPO_ADDRESS_NOT_ALLOWED,
          "the checkout fetches only over https (or http and file:// where the operator allows"
              + " them), not " + transport.getURI().getScheme(),
          "Use the repository's https URL.");
    }
  }

  /**
   * A refused connection is the answer, whatever JGit made of it; then a limit the guard saw
   * beats whatever JGit made of being cancelled.
   */
  private CheckoutException failure(Throwable e, String what, String sha) {
    CheckoutException refused = http != null ? http.refusal() : null;
    if (refused == null) {
      refused = RefusedConnection.in(e);
    }
    if (refused != null) {
      return refused;
    }
    CheckoutException stopped = guard.aborted();
    if (stopped != null) {
      return stopped;
    }
    if (guard.pastDeadline()) {
      return GitErrors.timeout(what, RedactedCause.of(e, secrets));
    }
    return GitErrors.classify(e, what, sha, secrets);
  }

  private CheckoutException branchNotFound(URI uri, String ref, String what) {
    List<String> branches = new ArrayList<>();
    for (Ref r : advertisedRefs(uri, true).orElse(List.of())) {
      branches.add(Repository.shortenRefName(r.getName()));
    }
    branches.sort(null);
    String hint =
        branches.isEmpty()
            ? "Push that branch, or pass a full 40-character commit sha."
            : "Push that branch, or deploy one that exists (e.g. "
                + branches.stream().limit(LISTED_BRANCHES).collect(Collectors.joining(", "))
                + "), or pass a full 40-character commit sha.";
    return new CheckoutException(
        CheckoutFailure.BRANCH_NOT_FOUND,
        what + " has no branch or tag named '" + ref + "'",
        hint);
  }

  /** Checks the commit's size against the limit, then writes its files. */
  private RevCommit checkOut(Git git, ObjectId id, String what, String wantedSha) {
    Repository repo = git.getRepository();
    RevCommit commit;
    try (RevWalk walk = new RevWalk(repo)) {
      commit = walk.parseCommit(id);
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw GitErrors.commitNotFound(what, id.name(), RedactedCause.of(e, secrets));
    } catch (IOException e) {
      throw failure(e, what, wantedSha);
    }
    long bytes = treeSize(repo, commit);
    guard.addCheckedOut(bytes, what);
    guard.phase("checking out " + what);
    try (ObjectReader reader = repo.newObjectReader()) {
      TreeFiles.write(reader, commit, repo.getWorkTree().toPath(), guard);
    } catch (IOException e) {
      throw failure(e, what, wantedSha);
    }
    return commit;
  }

  private long treeSize(Repository repo, RevCommit commit) {
    long total = 0;
    try (ObjectReader reader = repo.newObjectReader();
        TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        FileMode mode = walk.getFileMode(0);
        if (mode.getObjectType() == Constants.OBJ_BLOB) {
          total += reader.getObjectSize(walk.getObjectId(0), Constants.OBJ_BLOB);
          if (total + guard.checkedOutBytes() > guard.maxBytes()) {
            throw guard.tooLarge("the files at this commit pass " + guard.maxBytes() + " bytes");
          }
        }
      }
    } catch (IOException e) {
      throw failure(e, "the repository", null);
    }
    return total;
  }

  private void checkOutSubmodules(
      Repository repo, RevCommit commit, Path workTree, URI superproject, int depth) throws IOException {
    if (submodules == SubmodulePolicy.SKIP) {
      return;
    }
    List<Submodule> found = new ArrayList<>();
    // The gitlinks of the commit's tree, with their URLs from the commit's own .gitmodules.
    try (SubmoduleWalk walk = new SubmoduleWalk(repo)) {
      walk.setTree(commit.getTree());
      walk.setRootTree(commit.getTree());
      while (walk.next()) {
        found.add(
            new Submodule(walk.getModuleName(), walk.getPath(), walk.getObjectId(), walk.getModulesUrl()));
      }
    } catch (org.eclipse.jgit.errors.ConfigInvalidException e) {
      throw new CheckoutException(
          CheckoutFailure.SUBMODULE_NOT_ALLOWED,
          ".gitmodules cannot be parsed: " + SecretRedactor.redact(e.getMessage(), secrets),
          "Fix the syntax of .gitmodules.");
    }
    if (found.isEmpty()) {
      return;
    }
    if (depth >= MAX_SUBMODULE_DEPTH) {
      throw new CheckoutException(
          CheckoutFailure.SUBMODULE_NOT_ALLOWED,
          "submodules are nested more than " + MAX_SUBMODULE_DEPTH + " levels deep",
          "Flatten the submodules, or vendor the innermost ones.");
    }
    // Every URL is checked before anything is fetched: a refused one fails fast.
    List<URI> urls = new ArrayList<>();
    for (Submodule submodule : found) {
      urls.add(SubmoduleRule.allowedUrl(superproject, origin, submodule.name(), submodule.url()));
    }
    for (int i = 0; i < found.size(); i++) {
      Submodule submodule = found.get(i);
      Path dir = workTree.resolve(submodule.path()).normalize();
      if (!dir.startsWith(workTree) || dir.equals(workTree)) {
        throw new CheckoutException(
            CheckoutFailure.SUBMODULE_NOT_ALLOWED,
            "submodule '" + submodule.name() + "' has a path outside the repository",
            "Fix the submodule's path in .gitmodules.");
      }
      String what = "submodule '" + submodule.name() + "'";
      Files.createDirectories(dir);
      try (Git sub = init(dir)) {
        guard.phase("fetching " + what);
        guard.watchDownload(sub.getRepository().getDirectory().toPath());
        try {
          runFetch(sub.getRepository(), urls.get(i), new RefSpec(submodule.commit().name()), what, submodule.commit().name());
        } catch (MissingSpec e) {
          throw GitErrors.commitNotFound(what, submodule.commit().name(), null);
        } finally {
          guard.watchDownload(null);
        }
        RevCommit subCommit = checkOut(sub, submodule.commit(), what, submodule.commit().name());
        checkOutSubmodules(sub.getRepository(), subCommit, dir, urls.get(i), depth + 1);
      } finally {
        Workspaces.deleteTree(dir.resolve(Constants.DOT_GIT));
      }
    }
  }

  private Optional<CredentialsProvider> credentials() {
    return auth.map(a -> new OriginCredentials(Origin.of(origin), a));
  }

  static boolean isFullSha(String ref) {
    return FULL_SHA.matcher(ref).matches();
  }
}
