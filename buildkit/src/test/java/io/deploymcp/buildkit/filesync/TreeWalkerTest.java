package io.deploymcp.buildkit.filesync;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.buildkit.proto.fsutil.Stat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk fsutil's receiver validates: order, Go file modes, links and the include/exclude filters. */
class TreeWalkerTest {
  @TempDir Path root;

  @Test
  void walksDepthFirstInByteOrderWithSlashBeforeEverything() throws Exception {
    for (String file : List.of("a.txt", "a-b", "a/b", "a/c/d", "B", "_x", "é", "a0")) {
      write(file, file);
    }

    assertThat(paths(WalkOptions.ALL))
        .containsExactly("B", "_x", "a", "a/b", "a/c", "a/c/d", "a-b", "a.txt", "a0", "é");
  }

  @Test
  void sendsGoFileModesSizesAndLinkTargets() throws Exception {
    write("run.sh", "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(root.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.createDirectories(root.resolve("dir"));
    Files.setPosixFilePermissions(root.resolve("dir"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("run.sh"));
    Files.createLink(root.resolve("zz-hard"), root.resolve("run.sh"));

    List<Stat> stats = walk(WalkOptions.ALL).stream().map(TreeWalker.Entry::stat).toList();

    Stat dir = stats.get(0);
    assertThat(dir.getPath()).isEqualTo("dir");
    assertThat(Integer.toUnsignedLong(dir.getMode())).isEqualTo((1L << 31) | 0755);
    assertThat(dir.getSize()).isZero();
    Stat link = stats.get(1);
    assertThat(link.getMode() & ~0777).isEqualTo(1 << 27);
    assertThat(link.getLinkname()).isEqualTo("run.sh");
    Stat script = stats.get(2);
    assertThat(script.getMode()).isEqualTo(0750);
    assertThat(script.getSize()).isEqualTo(18);
    assertThat(script.getModTime()).isEqualTo(Files.getLastModifiedTime(root.resolve("run.sh")).to(java.util.concurrent.TimeUnit.NANOSECONDS));
    Stat hardLink = stats.get(3);
    assertThat(hardLink.getPath()).isEqualTo("zz-hard");
    assertThat(hardLink.getLinkname()).isEqualTo("run.sh");
    assertThat(hardLink.getSize()).isZero();
  }

  @Test
  void includePatternsKeepTheDirectoriesOnTheWay() throws Exception {
    write("app.txt", "");
    write("src/main.js", "");
    write("src/style.css", "");
    write("src/lib/util.js", "");
    write("docs/all/a.md", "");
    write("docs/all/b.md", "");

    assertThat(paths(new WalkOptions(List.of("src/*.js", "docs/all"), null, null)))
        .containsExactly("docs", "docs/all", "docs/all/a.md", "docs/all/b.md", "src", "src/main.js");
  }

  @Test
  void excludePatternsSkipWholeDirectoriesUnlessSomethingInsideIsReIncluded() throws Exception {
    write("app.js", "");
    write("debug.log", "");
    write("node_modules/x/index.js", "");
    write("build/out.js", "");
    write("build/keep.txt", "");

    assertThat(paths(new WalkOptions(null, List.of("*.log", "node_modules", "build", "!build/keep.txt"), null)))
        .containsExactly("app.js", "build", "build/keep.txt");
  }

  @Test
  void followPathsAddTheTargetOfALinkedDockerfile() throws Exception {
    write("docker/Dockerfile.real", "FROM scratch\n");
    Files.createSymbolicLink(root.resolve("Dockerfile"), Path.of("docker/Dockerfile.real"));
    write("other.txt", "");

    assertThat(paths(new WalkOptions(null, null, List.of("Dockerfile", "Dockerfile.dockerignore"))))
        .containsExactly("Dockerfile", "docker", "docker/Dockerfile.real");
  }

  @Test
  void theRootMayBeASymlinkToTheDirectory() throws Exception {
    write("real/file.txt", "x");
    Path linked = Files.createSymbolicLink(root.resolve("linked"), root.resolve("real"));

    assertThat(TreeWalker.walk(linked, WalkOptions.ALL)).extracting(e -> e.stat().getPath()).containsExactly("file.txt");
  }

  private List<String> paths(WalkOptions options) throws Exception {
    return walk(options).stream().map(e -> e.stat().getPath()).toList();
  }

  private List<TreeWalker.Entry> walk(WalkOptions options) throws Exception {
    return TreeWalker.walk(root, options);
  }

  private void write(String relative, String content) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
