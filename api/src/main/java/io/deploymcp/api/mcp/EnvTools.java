package io.deploymcp.api.mcp;

import io.deploymcp.api.env.EnvOperations;
import io.deploymcp.api.env.EnvVarSet;
import io.deploymcp.api.env.PutEnvRequest;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Singleton;
import java.util.List;

/** set_env and unset_env: the twins of PUT and DELETE /v1/services/{name}/env/{KEY}, over {@link EnvOperations}. */
@Singleton
public class EnvTools {
  private static final ToolSpec SET =
      ToolSpec.mutating(
          "set_env", "env.set", a -> "services/" + a.string("service") + "/env/" + a.string("key"),
          "service", "key", "value", "secret", ToolSpec.IDEMPOTENCY_KEY);
  private static final ToolSpec UNSET =
      ToolSpec.mutating(
          "unset_env", "env.delete", a -> "services/" + a.string("service") + "/env/" + a.string("key"),
          "service", "key", ToolSpec.IDEMPOTENCY_KEY);

  private final ToolRunner runner;
  private final EnvOperations env;

  public EnvTools(ToolRunner runner, EnvOperations env) {
    this.runner = runner;
    this.env = env;
  }

  @Tool(
      name = "set_env",
      description = "Set an env variable (encrypted) for the next redeploy.",
      annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = EnvVarSet.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse setEnv(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        SET, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          String service = call.args().requiredString("service");
          String key = call.args().requiredString("key");
          PutEnvRequest body = call.args().body(PutEnvRequest.class, List.of("value", "secret"));
          EnvVarSet set = env.put(call.caller(), service, key, body);
          EnvVarSet shown = new EnvVarSet(set.key(), set.secret(), set.updatedAt(), applyHint(service));
          return ToolOutput.of(
              shown, "Set " + set.key() + " on " + service + " (" + (set.secret() ? "secret" : "plain build arg")
                  + "). " + applyHint(service));
        });
  }

  @Tool(
      name = "unset_env",
      description = "Remove an env variable from the next redeploy.",
      annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = RemovedEnvVar.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse unsetEnv(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        UNSET, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          String service = call.args().requiredString("service");
          String key = call.args().requiredString("key");
          env.delete(call.caller(), service, key);
          return ToolOutput.of(
              new RemovedEnvVar(service, key, applyHint(service)), "Removed " + key + " from " + service + ". " + applyHint(service));
        });
  }

  private static String applyHint(String service) {
    return "Applies with the next deploy: call redeploy with service " + service + ".";
  }
}
