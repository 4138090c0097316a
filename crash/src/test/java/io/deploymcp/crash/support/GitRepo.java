package io.deploymcp.crash.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real git repository on disk with one commit on {@code main}: a static site whose content is
 * unique (so each service's first build really builds and pushes), plus {@code padding} bytes
 * of incompressible files so the clone and the build context take a measurable while.
 */
public record GitRepo(Path dir, String headSha) {

  public static GitRepo staticSite(Path dir, String marker, int padding, Random random)
      throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(dir.resolve("index.html"), "<h1>" + marker + "</h1>\n");
    int files = Math.max(1, padding / (256 * 1024));
    for (int i = 0; i < files && padding > 0; i++) {
      byte[] bytes = new byte[padding / files];
      random.nextBytes(bytes);
      Files.write(dir.resolve("assets/blob-" + i + ".bin"), bytes);
    }
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "-c", "user.name=crash", "-c", "user.email=crash@example.invalid", "commit", "-q", "-m", marker);
    return new GitRepo(dir, git(dir, "rev-parse", "HEAD").strip());
  }

  public String fileUrl() {
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
