package io.deploymcp.api.mcp;

import io.deploymcp.api.auth.Scope;
import java.util.Set;
import java.util.function.Function;

/**
 * How the runner treats one tool: the scope it needs, the arguments it accepts, and for a
 * mutating tool the audit action (the REST twin's) and the target it names.
 */
public record ToolSpec(
    String name, Scope scope, Set<String> arguments, String auditAction, Function<ToolArgs, String> target) {

  public static final String IDEMPOTENCY_KEY = "idempotency_key";
  public static final String WAIT_SECONDS = "wait_seconds";
  public static final String DRY_RUN = "dry_run";
  public static final int MAX_WAIT_SECONDS = 600;

  public static ToolSpec read(String name, String... arguments) {
    return new ToolSpec(name, Scope.READ, Set.of(arguments), null, a -> null);
  }

  public static ToolSpec mutating(
      String name, String auditAction, Function<ToolArgs, String> target, String... arguments) {
    return new ToolSpec(name, Scope.DEPLOY, Set.of(arguments), auditAction, target);
  }

  public boolean mutating() {
    return auditAction != null;
  }
}
