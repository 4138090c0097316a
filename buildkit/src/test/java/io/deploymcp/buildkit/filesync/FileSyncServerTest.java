package io.deploymcp.buildkit.filesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.buildkit.support.DiffCopyReceiver;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DiffCopy as the daemon drives it (DiffCopyReceiver stands in for fsutil's receiver), in process. */
class FileSyncServerTest {
  @TempDir Path dir;

  private Path context;
  private FileSyncServer fileSync;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    context = Files.createDirectories(dir.resolve("context"));
    Path dockerfile = Files.createDirectories(dir.resolve("dockerfile"));
    Files.writeString(dockerfile.resolve("Dockerfile"), "FROM scratch\n");
    fileSync = new FileSyncServer(Map.of("context", context, "dockerfile", dockerfile), Thread.ofVirtual().factory());
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(fileSync.service()).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void sendsOnlyTheFilesTheReceiverRequestsAndCountsThem() throws Exception {
    Files.writeString(context.resolve("cached.txt"), "already there");
    Files.writeString(context.resolve("changed.txt"), "new content");

    DiffCopyReceiver.Result result = DiffCopyReceiver.receive(channel, Map.of("dir-name", List.of("context")),
        stat -> stat.getPath().equals("changed.txt"));

    assertThat(result.paths()).containsExactly("cached.txt", "changed.txt");
    assertThat(result.contents()).containsOnlyKeys("changed.txt");
    assertThat(new String(result.contents().get("changed.txt"), StandardCharsets.UTF_8)).isEqualTo("new content");
    assertThat(fileSync.transfers()).containsExactly(
        new FileTransfer("context", 1, 2, 1, 11), new FileTransfer("dockerfile", 0, 0, 0, 0));
  }

  @Test
  void sendsLargeFilesInChunksIntact() throws Exception {
    byte[] big = new byte[5 * 1024 * 1024 + 17];
    new Random(42).nextBytes(big);
    Files.write(context.resolve("big.bin"), big);

    DiffCopyReceiver.Result result = DiffCopyReceiver.receive(channel, Map.of("dir-name", List.of("context")), stat -> true);

    assertThat(result.contents().get("big.bin")).isEqualTo(big);
  }

  @Test
  void appliesThePatternsTheDaemonSendsInTheCallHeaders() throws Exception {
    Files.writeString(context.resolve("app.js"), "");
    Files.writeString(context.resolve("debug.log"), "");
    Files.createDirectories(context.resolve("node_modules/x"));
    Files.writeString(context.resolve("node_modules/x/i.js"), "");

    DiffCopyReceiver.Result result = DiffCopyReceiver.receive(channel,
        Map.of("dir-name", List.of("context"), "exclude-patterns", List.of("*.log", "node_modules")), stat -> true);

    assertThat(result.paths()).containsExactly("app.js");
  }

  @Test
  void decodesUrlEscapedPatternsWhenTheDaemonFlagsThem() throws Exception {
    Files.writeString(context.resolve("été.txt"), "");
    Files.writeString(context.resolve("other.txt"), "");

    DiffCopyReceiver.Result result = DiffCopyReceiver.receive(channel,
        Map.of("dir-name", List.of("context"), "include-patterns", List.of("%C3%A9t%C3%A9.txt"),
            "include-patterns-encoded", List.of("1")),
        stat -> true);

    assertThat(result.paths()).containsExactly("été.txt");
  }

  @Test
  void servesTheDockerfileDirWithFollowPaths() throws Exception {
    DiffCopyReceiver.Result result = DiffCopyReceiver.receive(channel,
        Map.of("dir-name", List.of("dockerfile"), "followpaths", List.of("Dockerfile", "Dockerfile.dockerignore")),
        stat -> true);

    assertThat(result.paths()).containsExactly("Dockerfile");
    assertThat(new String(result.contents().get("Dockerfile"), StandardCharsets.UTF_8)).isEqualTo("FROM scratch\n");
  }

  @Test
  void aMissingDirectoryIsReportedToTheReceiver() throws Exception {
    Files.delete(context);

    assertThatThrownBy(() -> DiffCopyReceiver.receive(channel, Map.of("dir-name", List.of("context")), stat -> true))
        .hasMessageContaining("failed to walk context");
  }
}
