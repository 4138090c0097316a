package io.deploymcp.buildpacks;

import java.nio.file.Path;

/**
 * What the {@code dockerfile.v0} frontend is given: the {@code dockerfile} local's directory and
 * the {@code filename} attribute.
 */
public record DockerfileLocation(Path dir, String fileName) {}
