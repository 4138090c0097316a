package io.deploymcp.workflows.activities;

/** An image in the registry, referenced by digest: {@code host/repo@sha256:...}. */
public record BuiltImage(String imageRef, boolean buildSkipped) {}
