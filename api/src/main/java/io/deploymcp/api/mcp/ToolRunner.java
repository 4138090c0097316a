package io.deploymcp.api.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploymcp.api.audit.AuditEntry;
import io.deploymcp.api.audit.AuditLog;
import io.deploymcp.api.audit.AuditOutcome;
import io.deploymcp.api.audit.SecretMasking;
import io.deploymcp.api.audit.UnauditedRefusals;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.http.JsonInputCheck;
import io.deploymcp.api.idempotency.Claim;
import io.deploymcp.api.idempotency.IdempotencyStore;
import io.deploymcp.api.idempotency.StoredResponse;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.JsonProblems;
import io.deploymcp.api.problem.ProblemCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Everything a tools/call needs around its one application-service call, the same for every
 * tool: the caller (authenticated by {@link McpAccessFilter}), the scope check, strict
 * arguments, the Idempotency-Key store shared with REST, the audit entry of a mutating call, the
 * wait for a started deployment, and the translation of every outcome into a tool result.
 * User errors become results with {@code isError: true} and {@code {code, message, hint}}
 * (the REST problem's code), never protocol errors or stack traces.
 */
@Singleton
public class ToolRunner {
  private static final Logger LOG = Logger.getLogger(ToolRunner.class);
  private static final String METHOD = "MCP";

  private final McpCallers callers;
  private final ObjectMapper json;
  private final ObjectMapper canonical;
  private final IdempotencyStore idempotency;
  private final AuditLog audit;
  private final DeploymentWaiter waiter;
  private final MeterRegistry metrics;

  public ToolRunner(
      McpCallers callers, ObjectMapper json, IdempotencyStore idempotency, AuditLog audit, DeploymentWaiter waiter,
      MeterRegistry metrics) {
    this.metrics = metrics;
    this.callers = callers;
    this.json = json;
    this.canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    this.idempotency = idempotency;
    this.audit = audit;
    this.waiter = waiter;
  }

  /** The outcome of the call before it becomes a tool result. */
  private record Outcome(boolean error, String text, JsonNode structured, UUID deployment, int status) {}

  public ToolResponse run(ToolSpec spec, ToolInvocation invocation, ToolBody body) {
    ToolResponse response = call(spec, invocation, body);
    // Every tools/call passes here; tool names are the fixed set of ToolSpec, so a bounded label.
    metrics.counter("dp.mcp.tool.calls", "tool", spec.name(), "outcome", response.isError() ? "error" : "ok")
        .increment();
    return response;
  }

  private ToolResponse call(ToolSpec spec, ToolInvocation invocation, ToolBody body) {
    Caller caller;
    try {
      caller = callers.current();
    } catch (ApiProblem e) {
      return response(failure(e));
    }
    McpClientInfo client = McpClientInfo.of(invocation.connection());
    ObjectNode rawArgs = json.createObjectNode();
    ToolArgs args = null;
    boolean dryRun = false;
    Integer waitSeconds = null;
    String key = null;
    Outcome outcome;
    boolean replayed = false;
    try {
      rawArgs = arguments(invocation);
      JsonInputCheck.refuseNul(rawArgs, "");
      caller.require(spec.scope());
      args = ToolArgs.of(rawArgs, spec.arguments(), json);
      dryRun = spec.arguments().contains(ToolSpec.DRY_RUN) && args.flag(ToolSpec.DRY_RUN);
      waitSeconds =
          args.integer(ToolSpec.WAIT_SECONDS, 0, ToolSpec.MAX_WAIT_SECONDS, ProblemCode.INVALID_FIELD);
      key = idempotencyKey(args);
      if (key != null && !dryRun) {
        Claim claim =
            idempotency.claim(
                caller.tenantId(), caller.apiKeyId(), key, fingerprint(spec, rawArgs), METHOD, "tools/" + spec.name());
        outcome = switch (claim) {
          case Claim.Granted granted -> execute(spec, body, new ToolCall(caller, args, false));
          case Claim.Replay replay -> replay(replay.response());
          case Claim.Reused reused -> throw new ApiProblem(
              ProblemCode.IDEMPOTENCY_KEY_REUSED,
              "idempotency_key '" + key + "' was used for a different call (tool or arguments differ)");
          case Claim.InFlight inFlight -> throw new ApiProblem(
              ProblemCode.IDEMPOTENCY_KEY_IN_FLIGHT,
              "The first call with idempotency_key '" + key + "' is still running");
        };
        replayed = claim instanceof Claim.Replay;
        if (claim instanceof Claim.Granted) {
          remember(caller, key, outcome);
        }
      } else {
        outcome = execute(spec, body, new ToolCall(caller, args, dryRun));
      }
    } catch (ApiProblem e) {
      outcome = failure(e);
    }
    if (spec.mutating() && !dryRun && !replayed
        && !(outcome.error() && UnauditedRefusals.covers(outcome.structured().path("code").asText(null)))) {
      audit(spec, caller, client, args, rawArgs, outcome);
    }
    if (!outcome.error() && outcome.deployment() != null) {
      outcome = follow(caller, outcome, waitSeconds == null ? 0 : waitSeconds, invocation);
    }
    return response(outcome);
  }

  private Outcome execute(ToolSpec spec, ToolBody body, ToolCall call) {
    try {
      ToolOutput output = body.run(call);
      return new Outcome(false, output.text(), json.valueToTree(output.result()), output.deployment(), 200);
    } catch (ApiProblem e) {
      return failure(e);
    } catch (RuntimeException e) {
      LOG.errorf(e, "tool %s failed", spec.name());
      return failure(new ApiProblem(ProblemCode.INTERNAL_ERROR, "Internal error"));
    }
  }

  /** A started deployment: wait for it when asked, else say how to follow it. */
  private Outcome follow(Caller caller, Outcome outcome, int waitSeconds, ToolInvocation invocation) {
    ObjectNode structured = outcome.structured().deepCopy();
    DeploymentView view;
    String hint;
    String text = outcome.text();
    if (waitSeconds > 0) {
      long started = System.nanoTime();
      view = waiter.await(caller, outcome.deployment(), waitSeconds, invocation.progress(), invocation.cancellation())
          .orElse(null);
      if (view == null) {
        return outcome;
      }
      long waited = Math.round((System.nanoTime() - started) / 1e9);
      hint = DeploymentHints.afterWait(view, waited);
      text = text + " " + hint;
      structured.put("waited_seconds", waited);
    } else {
      JsonNode current = deploymentNode(structured);
      structured.put("hint", DeploymentHints.started(outcome.deployment(), current.path("status").asText()));
      return new Outcome(false, text, structured, outcome.deployment(), outcome.status());
    }
    JsonNode viewNode = json.valueToTree(view);
    if (structured.get("deployment") instanceof ObjectNode) {
      structured.set("deployment", viewNode);
    } else {
      structured.setAll((ObjectNode) viewNode);
    }
    structured.put("hint", hint);
    return new Outcome(false, text, structured, outcome.deployment(), outcome.status());
  }

  private static JsonNode deploymentNode(ObjectNode structured) {
    return structured.get("deployment") instanceof ObjectNode nested ? nested : structured;
  }

  private Outcome failure(ApiProblem problem) {
    ObjectNode error = json.createObjectNode();
    error.put("code", problem.code().name());
    error.put("message", problem.getMessage());
    error.put("hint", problem.hint());
    if (!problem.errors().isEmpty()) {
      error.set("errors", json.valueToTree(problem.errors()));
    }
    String text = problem.code().name() + ": " + problem.getMessage() + " " + problem.hint();
    return new Outcome(true, text, error, null, problem.code().status());
  }

  private ObjectNode arguments(ToolInvocation invocation) {
    JsonNode message;
    try {
      message = json.readTree(invocation.message().asString());
    } catch (JsonProcessingException e) {
      throw JsonProblems.malformed(e);
    }
    JsonNode arguments = message.path("params").path("arguments");
    if (arguments.isMissingNode() || arguments.isNull()) {
      return json.createObjectNode();
    }
    if (!(arguments instanceof ObjectNode object)) {
      throw new ApiProblem(ProblemCode.INVALID_TYPE, "The tool arguments must be a JSON object");
    }
    return object;
  }

  private static String idempotencyKey(ToolArgs args) {
    String key = args.string(ToolSpec.IDEMPOTENCY_KEY);
    if (key != null && (key.isBlank() || key.length() > 255 || !key.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f))) {
      throw new ApiProblem(
          ProblemCode.INVALID_IDEMPOTENCY_KEY, "idempotency_key must be 1-255 printable ASCII characters");
    }
    return key;
  }

  /**
   * "The same call" for an idempotency key: the tool and its arguments, key order aside; how
   * long the caller waits and the key itself do not make another call.
   */
  private byte[] fingerprint(ToolSpec spec, ObjectNode args) {
    ObjectNode identity = args.deepCopy();
    identity.remove(ToolSpec.IDEMPOTENCY_KEY);
    identity.remove(ToolSpec.WAIT_SECONDS);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((METHOD + "\n" + spec.name() + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update(canonical.writeValueAsBytes(json.convertValue(identity, Map.class)));
      return sha.digest();
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot fingerprint tool arguments", e);
    }
  }

  /** Stores the result for replays; failures on our side are released so a retry runs again. */
  private void remember(Caller caller, String key, Outcome outcome) {
    try {
      if (outcome.status() >= 500) {
        idempotency.release(caller.apiKeyId(), key);
        return;
      }
      ObjectNode stored = json.createObjectNode();
      stored.put("error", outcome.error());
      stored.put("text", outcome.text());
      stored.set("structured", outcome.structured());
      stored.put("deployment", outcome.deployment() == null ? null : outcome.deployment().toString());
      idempotency.complete(
          caller.apiKeyId(), key, new StoredResponse(outcome.status(), stored.toString(), "application/json"));
    } catch (RuntimeException e) {
      LOG.warnf("could not store the result for an idempotency_key: %s", e.getMessage());
    }
  }

  private Outcome replay(StoredResponse stored) {
    try {
      JsonNode node = json.readTree(stored.body());
      String deployment = node.path("deployment").isTextual() ? node.path("deployment").asText() : null;
      return new Outcome(
          node.path("error").asBoolean(), node.path("text").asText(), node.path("structured"),
          deployment == null ? null : UUID.fromString(deployment), stored.status());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ApiProblem(ProblemCode.INTERNAL_ERROR, "The stored result of this idempotency_key is unreadable");
    }
  }

  private void audit(ToolSpec spec, Caller caller, McpClientInfo client, ToolArgs args, ObjectNode rawArgs, Outcome outcome) {
    try {
      ObjectNode detail = json.createObjectNode();
      detail.put("via", "mcp");
      detail.put("tool", spec.name());
      detail.put("status", outcome.status());
      if (outcome.error()) {
        detail.put("code", outcome.structured().path("code").asText());
      }
      JsonNode masked = SecretMasking.mask(json, json.writeValueAsBytes(rawArgs));
      if (masked != null) {
        detail.set("arguments", masked);
      }
      String target = null;
      try {
        // Also for a call refused before its arguments were checked (e.g. the scope).
        target = spec.target().apply(args != null ? args : ToolArgs.lenient(rawArgs, json));
      } catch (RuntimeException e) {
        // An argument of the wrong type names no target; the entry still records the call.
      }
      audit.write(
          new AuditEntry(
              caller.tenantId(), caller.apiKeyId(), caller.keyPrefix(), client.label(), spec.auditAction(),
              target == null ? null : bounded(target), AuditOutcome.ofStatus(outcome.status()), detail.toString()));
    } catch (RuntimeException | JsonProcessingException e) {
      LOG.errorf("could not write audit entry for tool %s: %s", spec.name(), e.getMessage());
    }
  }

  private static String bounded(String target) {
    return target.length() > 200 ? target.substring(0, 200) : target;
  }

  private static ToolResponse response(Outcome outcome) {
    return new ToolResponse(outcome.error(), List.of(new TextContent(outcome.text())), outcome.structured(), null);
  }
}
