package io.deploymcp.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository on disk with one commit on {@code main}, made with the git CLI. */
record GitRepo(Path dir, String headSha) {

  static GitRepo withStaticSite(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("index.html"), "<h1>hello from the end-to-end test</h1>\n");
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "-c", "user.name=e2e", "-c", "user.email=e2e@example.invalid", "commit", "-q", "-m", "first");
    return new GitRepo(dir, git(dir, "rev-parse", "HEAD").strip());
  }

  /** A repository whose one commit holds {@code files} (path to text). */
  static GitRepo withFiles(Path dir, java.util.Map<String, String> files) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    for (var file : files.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue());
    }
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "-c", "user.name=e2e", "-c", "user.email=e2e@example.invalid", "commit", "-q", "-m", "first");
    return new GitRepo(dir, git(dir, "rev-parse", "HEAD").strip());
  }

  String fileUrl() {
    return dir.toUri().toString().replaceFirst("^file:/+", "file:///");
  }

  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }
}
