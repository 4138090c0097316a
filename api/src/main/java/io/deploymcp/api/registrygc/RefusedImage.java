package io.deploymcp.api.registrygc;

/** A claimed manifest the collector must not delete, and why (a keep reason, busy or unknown_repository). */
public record RefusedImage(String repository, String digest, String reason) {}
