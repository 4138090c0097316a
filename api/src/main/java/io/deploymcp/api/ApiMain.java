package io.deploymcp.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The API's entry point. It switches off Quarkus's request-URI check before Quarkus starts:
 * that check (java.net.URI, in front of every route) answers "?cursor=%%%" with an empty 400
 * and no code. {@code http.RequestTextGuard}, the first filter, refuses the same URIs and more
 * (control characters, malformed UTF-8) as problem+json. The Surefire configuration sets the
 * same property for the {@code @QuarkusTest} suites, which start Quarkus without this class.
 */
@QuarkusMain
public final class ApiMain {
  /** Read once by Quarkus's root HTTP handler when it is created. */
  public static final String DISABLE_URI_VALIDATION = "vertx.disableURIValidation";

  public static void main(String... args) {
    System.setProperty(DISABLE_URI_VALIDATION, "true");
    Quarkus.run(args);
  }
}
