package io.deploymcp.checkout.bench;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.checkout.GitNetwork;
import io.deploymcp.checkout.CheckedOutSource;
import io.deploymcp.checkout.CheckoutLimits;
import io.deploymcp.checkout.CheckoutRequest;
import io.deploymcp.checkout.SourceCheckout;
import io.deploymcp.checkout.SubmodulePolicy;
import io.deploymcp.checkout.Workspaces;
import io.deploymcp.checkout.support.SmartHttpGitServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Clone-time benchmark of issue 4 §1: our shallow checkout vs {@code git clone --depth 1} of
 * the same repository in the same run, over smart HTTP on loopback (JGit's UploadPack behind the
 * JDK server, {@link SmartHttpGitServer}) and over file://. Runs alternate (ours, git, ours, ...)
 * after warm-up rounds; the JVM stays up, as in the worker. Prints medians and the ratio
 * ours/git (target <= 1.2).
 *
 * <p>Usage: {@code CloneRatio [rounds=15] [existing-repo-dir]} (a work tree or a bare repository
 * with a {@code main} branch); without a directory it generates a repository of a few MB with 60
 * commits of history.
 */
public final class CloneRatio {
  private static final int WARMUP = 4;
  private static final PersonIdent AUTHOR = new PersonIdent("Bench", "bench@example.com");

  private CloneRatio() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Path tmp = Files.createTempDirectory("clone-ratio");
    try {
      Path repo = args.length > 1 ? Path.of(args[1]).toAbsolutePath() : generate(tmp.resolve("repo"));
      describe(repo);
      try (SmartHttpGitServer server = new SmartHttpGitServer()) {
        String http = server.serve("repo.git", repo);
        measure("HTTP, server deltas", http, rounds, tmp);
        // The server's delta search is most of the time above and is the same for both
        // clients; without it the figures compare the clients themselves.
        PackConfig noDeltaSearch = new PackConfig();
        noDeltaSearch.setDeltaCompress(false);
        server.packConfig(noDeltaSearch);
        measure("HTTP, no server deltas", http, rounds, tmp);
      }
      // file:// compares whole stacks: JGit's in-process UploadPack vs C git's upload-pack.
      measure("file://", repo.toUri().toString(), rounds, tmp);
    } finally {
      Workspaces.remove(tmp);
    }
  }

  private static void measure(String label, String url, int rounds, Path tmp) throws Exception {
    SourceCheckout checkout = new SourceCheckout(GitNetwork.of(AddressPolicy.allowingLoopback()));
    Path workspaces = tmp.resolve("ws");
    List<Double> ours = new ArrayList<>();
    List<Double> git = new ArrayList<>();
    long bytes = 0;
    double first = 0;
    for (int i = 0; i < WARMUP + rounds; i++) {
      long start = System.nanoTime();
      CheckedOutSource source =
          checkout.checkout(
              new CheckoutRequest(
                  URI.create(url),
                  "main",
                  "",
                  Optional.empty(),
                  workspaces,
                  "run-" + i,
                  new CheckoutLimits(Duration.ofMinutes(5), 1L << 30, SubmodulePolicy.SAME_HOST)));
      double oursMs = (System.nanoTime() - start) / 1e6;
      bytes = source.bytes();
      if (i == 0) {
        first = oursMs;
      }
      Workspaces.remove(source.workspace());

      Path target = tmp.resolve("git-" + i);
      start = System.nanoTime();
      Process process =
          new ProcessBuilder("git", "clone", "--quiet", "--depth", "1", "--single-branch", "--branch", "main", url, target.toString())
              .inheritIO()
              .start();
      if (process.waitFor() != 0) {
        throw new IllegalStateException("git clone failed");
      }
      double gitMs = (System.nanoTime() - start) / 1e6;
      Workspaces.remove(target);
      if (i >= WARMUP) {
        ours.add(oursMs);
        git.add(gitMs);
      }
    }
    double oursMedian = median(ours);
    double gitMedian = median(git);
    System.out.printf(
        Locale.ROOT,
        "%-24s checkout %,d bytes | ours median %.1f ms (min %.1f) | git clone --depth 1 median %.1f ms (min %.1f) | ratio %.2f (%d rounds; our first, cold run %.0f ms)%n",
        label,
        bytes,
        oursMedian,
        ours.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        gitMedian,
        git.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        oursMedian / gitMedian,
        rounds,
        first);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * A repository shaped like a small web app: ~400 source files in nested directories, a few
   * binary assets, and 60 commits that each rewrite some files, so history outweighs the tip.
   */
  static Path generate(Path dir) throws Exception {
    Random random = new Random(42);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      for (int commit = 0; commit < 60; commit++) {
        int files = commit == 0 ? 400 : 25;
        for (int f = 0; f < files; f++) {
          int n = commit == 0 ? f : random.nextInt(400);
          Path file = dir.resolve("src/module" + (n % 20) + "/file" + n + ".js");
          Files.createDirectories(file.getParent());
          Files.writeString(file, source(random, n, commit));
        }
        if (commit % 20 == 0) {
          for (int a = 0; a < 3; a++) {
            byte[] asset = new byte[300_000];
            random.nextBytes(asset);
            Path file = dir.resolve("public/asset" + a + ".bin");
            Files.createDirectories(file.getParent());
            Files.write(file, asset);
          }
        }
        git.add().addFilepattern(".").call();
        git.commit().setMessage("change " + commit).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
      }
      git.gc().call();
    }
    return dir;
  }

  private static String source(Random random, int n, int commit) {
    StringBuilder text = new StringBuilder();
    int lines = 60 + random.nextInt(120);
    for (int l = 0; l < lines; l++) {
      text.append("export function f")
          .append(n)
          .append('_')
          .append(l)
          .append("(x) { return x * ")
          .append(random.nextInt(1000))
          .append(" + ")
          .append(commit)
          .append("; }\n");
    }
    return text.toString();
  }

  private static void describe(Path repo) throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    if (Files.isDirectory(repo.resolve(".git"))) {
      builder.setWorkTree(repo.toFile());
    } else {
      builder.setGitDir(repo.toFile());
    }
    try (var repository = builder.build();
        Git git = new Git(repository)) {
      int commits = 0;
      for (var ignored : git.log().call()) {
        commits++;
      }
      long packBytes;
      try (var files = Files.walk(repository.getDirectory().toPath().resolve("objects"))) {
        packBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      System.out.printf(Locale.ROOT, "repository %s: %d commits, %,d bytes of objects%n", repo, commits, packBytes);
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new IOException(e);
    }
  }
}
