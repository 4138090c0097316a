package io.deploymcp.checkout;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished checkout. {@code workspace} holds the source tree of {@code commitSha} (no
 * {@code .git}); {@code contextDir} is the build context inside it ({@code root_dir});
 * {@code bytes} is the size of all checked-out files, submodules included. The caller removes
 * the workspace with {@link Workspaces#remove(Path)} when the build is done.
 */
public record CheckedOutSource(
    String commitSha, Path workspace, Path contextDir, long bytes, Duration took) {}
