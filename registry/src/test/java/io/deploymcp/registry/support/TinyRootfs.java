package io.deploymcp.registry.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-layer image in {@code docker save} format, for the engine's image load (docker-java
 * 3.7.1's import, {@code createImageCmd(repo, stream)}, sends "{}" instead of the stream). The
 * layer is a rootfs like bin/base-images makes: busybox-static as /bin/busybox with an sh link when
 * the machine has it (Debian's busybox-static, as bin/base-images uses), plus a file whose
 * content makes each image, and so its digest, unique.
 */
public final class TinyRootfs {
  private TinyRootfs() {}

  /** {@code docker save} layout: manifest.json naming the tag, the config, one layer tar. */
  public static byte[] savedImage(String repoTag, String marker) throws Exception {
    byte[] layer = tar(marker);
    String diffId = RegistryUploads.sha256(layer);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/sh\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
    String configName = RegistryUploads.sha256(config).substring("sha256:".length()) + ".json";
    byte[] manifest = ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + repoTag
        + "\"],\"Layers\":[\"layer/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      directory(tar, "layer/");
      file(tar, "layer/layer.tar", layer, 0644);
      file(tar, configName, config, 0644);
      file(tar, "manifest.json", manifest, 0644);
    }
    return bytes.toByteArray();
  }

  /** The rootfs itself, as {@code docker import} takes it. */
  public static byte[] tar(String marker) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      directory(tar, "bin/");
      directory(tar, "etc/");
      Path busybox = Path.of("/bin/busybox");
      if (Files.isRegularFile(busybox)) {
        file(tar, "bin/busybox", Files.readAllBytes(busybox), 0755);
        TarArchiveEntry sh = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
        sh.setLinkName("busybox");
        tar.putArchiveEntry(sh);
        tar.closeArchiveEntry();
      }
      file(tar, "etc/dp-test-marker", marker.getBytes(StandardCharsets.UTF_8), 0644);
    }
    return bytes.toByteArray();
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(040755);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0100000 | mode);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
