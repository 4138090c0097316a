package io.deploymcp.api.mcp;

import io.quarkiverse.mcp.server.InputSchemaGenerator;
import io.quarkiverse.mcp.server.OutputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager.ToolInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The tools' JSON schemas, written by hand in {@code mcp/tool-schemas.json} rather than derived
 * from Java types: every argument carries a description and its constraints (patterns, enums,
 * ranges), names are the REST fields', and the whole tools/list stays small. Input schemas are
 * keyed by tool name, output schemas by the result type a tool names in its annotation. In the
 * file, {@code {"$ref": "#x"}} stands for the entry {@code x} of {@code shared} and is inlined
 * here (clients get self-contained schemas).
 */
@Singleton
public class ToolSchemas implements InputSchemaGenerator<JsonObject>, OutputSchemaGenerator {
  static final String RESOURCE = "mcp/tool-schemas.json";

  private final JsonObject inputs;
  private final JsonObject outputs;

  public ToolSchemas() {
    JsonObject file = load();
    JsonObject shared = file.getJsonObject("shared");
    this.inputs = (JsonObject) inline(file.getJsonObject("inputs"), shared);
    this.outputs = file.getJsonObject("outputs");
  }

  @Override
  public JsonObject generate(ToolInfo tool) {
    JsonObject schema = inputs.getJsonObject(tool.name());
    if (schema == null) {
      throw new IllegalStateException("no input schema for tool " + tool.name() + " in " + RESOURCE);
    }
    return schema;
  }

  @Override
  public Object generate(Class<?> from) {
    JsonObject schema = outputs.getJsonObject(from.getSimpleName());
    if (schema == null) {
      throw new IllegalStateException("no output schema for " + from.getSimpleName() + " in " + RESOURCE);
    }
    return schema;
  }

  /** The input schema of a tool, for tests and docs. */
  public JsonObject input(String tool) {
    return inputs.getJsonObject(tool);
  }

  private static Object inline(Object node, JsonObject shared) {
    if (node instanceof JsonObject object) {
      if (object.size() == 1 && object.getValue("$ref") instanceof String ref && ref.startsWith("#")) {
        JsonObject target = shared.getJsonObject(ref.substring(1));
        if (target == null) {
          throw new IllegalStateException("unknown shared schema " + ref + " in " + RESOURCE);
        }
        return target.copy();
      }
      JsonObject out = new JsonObject();
      for (Map.Entry<String, Object> e : object) {
        out.put(e.getKey(), inline(e.getValue(), shared));
      }
      return out;
    }
    if (node instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(v -> out.add(inline(v, shared)));
      return out;
    }
    return node;
  }

  private static JsonObject load() {
    try (InputStream in = ToolSchemas.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
