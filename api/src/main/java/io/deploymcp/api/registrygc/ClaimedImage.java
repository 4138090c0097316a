package io.deploymcp.api.registrygc;

/** A manifest of the registry: repository without host, and digest. */
public record ClaimedImage(String repository, String digest) {}
