package io.deploymcp.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Makes a request body safe to keep in the audit log: env values (the {@code env} map of a
 * create/update, the {@code value} of an env PUT) and a chosen webhook {@code secret} become "***",
 * wherever in the body they stand. A body that is not a JSON object is not kept at all, since we
 * cannot tell what in it is secret.
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
    maskSecrets(object);
    // Bytes as the jsonb column stores them: counted in chars, text in other scripts kept up to 3x the bound.
    if (object.toString().getBytes(StandardCharsets.UTF_8).length > MAX_KEPT_BYTES) {
      return json.createObjectNode().put("truncated_bytes", body.length);
    }
    return object;
  }

  /**
   * Masks the secret fields of {@code object} and of every object inside it: no valid body nests
   * them, but a refused one is audited too, and a client that sent {@code {"service": {"env":
   * {...}}}} meant those values as secrets all the same.
   */
  private static void maskSecrets(ObjectNode object) {
    object.properties().forEach(field -> {
      JsonNode value = field.getValue();
      // Any spelling: "Value" is refused as an unknown field, and the refusal is audited with it.
      switch (field.getKey().toLowerCase(Locale.ROOT)) {
        case "env" -> {
          if (value instanceof ObjectNode env) {
            env.properties().forEach(e -> e.setValue(TextNode.valueOf(MASK)));
          } else {
            field.setValue(TextNode.valueOf(MASK));
          }
        }
        case "value" -> field.setValue(TextNode.valueOf(MASK));
        // A webhook secret; env PUT's boolean "secret" flag is no secret.
        case "secret" -> {
          if (!value.isBoolean()) {
            field.setValue(TextNode.valueOf(MASK));
          }
        }
        default -> maskInside(value);
      }
    });
  }

  private static void maskInside(JsonNode node) {
    if (node instanceof ObjectNode object) {
      maskSecrets(object);
    } else if (node instanceof ArrayNode array) {
      array.forEach(SecretMasking::maskInside);
    }
  }
}
