package io.deploymcp.api.idempotency;

/** The first response to an idempotent request, replayed for identical retries. */
public record StoredResponse(int status, String body, String contentType) {}
