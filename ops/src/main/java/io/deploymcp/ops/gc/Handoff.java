package io.deploymcp.ops.gc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The files the CronJob's three steps pass along in a shared emptyDir (infra/k8s/60-registry-gc.yml):
 * the collector writes {@code sweep} (the run id) only once the platform granted the blob sweep,
 * and {@code blobs-before} (bytes); the registry container runs garbage-collect only when
 * {@code sweep} exists and writes its exit status to {@code gc-exit}; the last step ends the run.
 */
public final class Handoff {
  static final String SWEEP = "sweep";
  static final String BLOBS_BEFORE = "blobs-before";
  static final String GC_EXIT = "gc-exit";
  static final String EXPIRES_AT = "expires-at";

  private final Path dir;

  public Handoff(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  void sweepGranted(UUID runId, Optional<Instant> expiresAt, OptionalLong blobsBefore) throws IOException {
    if (expiresAt.isPresent()) {
      Files.writeString(dir.resolve(EXPIRES_AT), expiresAt.get() + "\n", StandardCharsets.UTF_8);
    }
    if (blobsBefore.isPresent()) {
      Files.writeString(dir.resolve(BLOBS_BEFORE), Long.toString(blobsBefore.getAsLong()) + "\n", StandardCharsets.UTF_8);
    }
    // Written last: the garbage-collect step starts only when this exists.
    Files.writeString(dir.resolve(SWEEP), runId + "\n", StandardCharsets.UTF_8);
  }

  /** The run the collect step left open for the sweep; empty when it started none. */
  Optional<UUID> sweepRun() throws IOException {
    Path file = dir.resolve(SWEEP);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " does not hold a run id");
    }
  }

  Optional<Instant> expiresAt() throws IOException {
    Path file = dir.resolve(EXPIRES_AT);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(Files.readString(file, StandardCharsets.UTF_8).strip()));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  OptionalLong blobsBefore() throws IOException {
    Path file = dir.resolve(BLOBS_BEFORE);
    if (!Files.exists(file)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** What the garbage-collect step wrote; empty when it wrote nothing (it did not get to the end). */
  OptionalInt gcExit() throws IOException {
    Path file = dir.resolve(GC_EXIT);
    if (!Files.exists(file)) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).strip()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
