package io.deploymcp.ops.gc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Bytes of the registry's blob store ({@code docker/registry/v2/blobs} under the storage root):
 * the sizes of its files, so "reclaimed" is what garbage-collect freed, not directory entries.
 */
public final class BlobStoreSize {
  private BlobStoreSize() {}

  public static long of(Path storageRoot) {
    Path blobs = storageRoot.resolve("docker/registry/v2/blobs");
    if (!Files.isDirectory(blobs)) {
      return 0;
    }
    try (Stream<Path> files = Files.find(blobs, Integer.MAX_VALUE, (path, attributes) -> attributes.isRegularFile())) {
      return files.mapToLong(BlobStoreSize::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + blobs, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).size();
    } catch (IOException e) {
      return 0; // removed while we walked: it is not there any more
    }
  }

  /** 1536 → "1.5 KiB". */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
