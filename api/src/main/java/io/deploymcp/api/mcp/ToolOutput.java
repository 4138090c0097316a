package io.deploymcp.api.mcp;

import java.util.UUID;

/**
 * What a tool body produced: the structured result (a record, serialized snake_case like the
 * REST answer), a short text summary for the model, and the deployment a {@code wait_seconds}
 * follows (null when the tool started none).
 */
public record ToolOutput(Object result, String text, UUID deployment) {
  public static ToolOutput of(Object result, String text) {
    return new ToolOutput(result, text, null);
  }
}
