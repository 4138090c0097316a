package io.deploymcp.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The raw body of a mutating request, kept for the idempotency fingerprint and the audit
 * entry. Bounded by the body limit.
 */
public record CapturedBody(byte[] bytes) {
  public static final String PROPERTY = "dp.captured-body";

  public static CapturedBody of(ContainerRequestContext request) {
    Object body = request.getProperty(PROPERTY);
    return body instanceof CapturedBody captured ? captured : new CapturedBody(new byte[0]);
  }
}
