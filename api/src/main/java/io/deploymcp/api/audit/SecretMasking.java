package io.deploymcp.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Makes a request body safe to keep in the audit log: env values (the {@code env} map of a
 * create/update, the {@code value} of an env PUT) and a chosen webhook {@code secret} become "***". A body that is not a JSON object
 * is not kept at all, since we cannot tell what in it is secret.
 */
public final class SecretMasking {
  public static final String MASK = "***";
  private static final int MAX_KEPT_BYTES = 16 * 1024;

  private SecretMasking() {}

  public static JsonNode mask(ObjectMapper json, byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (IOException e) {
      return json.createObjectNode().put("unparseable_bytes", body.length);
    }
    if (!(node instanceof ObjectNode object)) {
      return json.createObjectNode().put("unparseable_bytes", body.length);
    }
    if (object.get("env") instanceof ObjectNode env) {
      env.properties().forEach(e -> e.setValue(TextNode.valueOf(MASK)));
    } else if (object.has("env")) {
      object.put("env", MASK);
    }
    if (object.has("value")) {
      object.put("value", MASK);
    }
    if (object.has("secret") && !object.get("secret").isBoolean()) {
      object.put("secret", MASK); // a webhook secret; env PUT's boolean "secret" flag is no secret
    }
    // Bytes as the jsonb column stores them: counted in chars, text in other scripts kept up to 3x the bound.
    if (object.toString().getBytes(StandardCharsets.UTF_8).length > MAX_KEPT_BYTES) {
      return json.createObjectNode().put("truncated_bytes", body.length);
    }
    return object;
  }
}
