package io.deploymcp.api.http;

import java.util.Set;

/** The HTTP methods that change state: they take Idempotency-Key and are audited. */
public final class MutatingMethods {
  private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

  private MutatingMethods() {}

  public static boolean is(String method) {
    return METHODS.contains(method);
  }
}
