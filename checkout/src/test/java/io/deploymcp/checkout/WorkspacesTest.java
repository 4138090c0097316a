package io.deploymcp.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspacesTest {
  @TempDir Path tmp;

  @Test
  void removeDeletesTheTreeButNotWhatALinkPointsTo() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "keep");
    Path workspace = Files.createDirectories(tmp.resolve("root/dep-1/a/b"));
    Files.writeString(workspace.resolve("f.txt"), "x");
    Files.createSymbolicLink(tmp.resolve("root/dep-1/link"), outside);
    Path readOnly = workspace.resolve("pack.idx");
    Files.writeString(readOnly, "ro");
    readOnly.toFile().setReadOnly();

    assertThat(Workspaces.remove(tmp.resolve("root/dep-1"))).isTrue();

    assertThat(tmp.resolve("root/dep-1")).doesNotExist();
    assertThat(outside.resolve("keep.txt")).hasContent("keep");
    assertThat(Workspaces.remove(tmp.resolve("root/dep-1"))).as("absent is fine").isTrue();
  }

  @Test
  void sweepRemovesOnlyOldWorkspaces() throws IOException {
    Path root = tmp.resolve("root");
    Path old = Files.createDirectories(root.resolve("dep-old"));
    Files.writeString(old.resolve("f"), "x");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
    Path fresh = Files.createDirectories(root.resolve("dep-new"));

    assertThat(Workspaces.sweep(root, Duration.ofHours(1))).isEqualTo(1);

    assertThat(old).doesNotExist();
    assertThat(fresh).exists();
    assertThat(Workspaces.sweep(tmp.resolve("absent"), Duration.ofHours(1))).isZero();
  }

  @Test
  void pathForRefusesNamesThatLeaveTheRoot() {
    assertThat(Workspaces.pathFor(tmp, "dep-1")).isEqualTo(tmp.resolve("dep-1"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Workspaces.pathFor(tmp, "../x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
