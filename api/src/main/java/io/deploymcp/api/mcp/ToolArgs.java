package io.deploymcp.api.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.JsonProblems;
import io.deploymcp.api.problem.ProblemCode;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The arguments of one tools/call, read the way REST reads a request: unknown names are
 * refused (UNKNOWN_FIELD), every value has its JSON type checked without coercion
 * (INVALID_TYPE), and a REST body record is bound by the same strict mapper, so a tool and its
 * REST twin refuse the same input with the same code.
 */
public final class ToolArgs {
  private final ObjectNode args;
  private final ObjectMapper json;

  private ToolArgs(ObjectNode args, ObjectMapper json) {
    this.args = args;
    this.json = json;
  }

  /** Checks that every argument is one the tool accepts. */
  static ToolArgs of(ObjectNode args, Set<String> accepted, ObjectMapper json) {
    for (var names = args.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!accepted.contains(name)) {
        String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        throw JsonProblems.fieldProblem(
            ProblemCode.UNKNOWN_FIELD, shown, "Unknown argument '" + shown + "'",
            "Remove '" + shown + "'. Accepted arguments: " + String.join(", ", new TreeSet<>(accepted)) + ".");
      }
    }
    return new ToolArgs(args, json);
  }

  /** The arguments without the check for unknown names: only to name an audit target. */
  static ToolArgs lenient(ObjectNode args, ObjectMapper json) {
    return new ToolArgs(args, json);
  }

  public ObjectNode raw() {
    return args;
  }

  public boolean has(String name) {
    return args.has(name) && !args.get(name).isNull();
  }

  /** A string argument, or null when absent (or JSON null). */
  public String string(String name) {
    JsonNode node = args.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw wrongType(name, "a string");
    }
    return node.asText();
  }

  /** A string argument the tool cannot do without. */
  public String requiredString(String name) {
    String value = string(name);
    if (value == null) {
      throw JsonProblems.fieldProblem(
          ProblemCode.INVALID_FIELD, name, "Argument '" + name + "' is required", "Pass '" + name + "'.");
    }
    return value;
  }

  /** An integer argument within [min, max], or null when absent. */
  public Integer integer(String name, int min, int max, ProblemCode outOfRange) {
    JsonNode node = args.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw wrongType(name, "an integer");
    }
    int value = node.intValue();
    if (value < min || value > max) {
      throw JsonProblems.fieldProblem(
          outOfRange, name, name + " " + value + " is outside " + min + "-" + max,
          "Pass " + name + " between " + min + " and " + max + ".");
    }
    return value;
  }

  /** A boolean argument, or false when absent. */
  public boolean flag(String name) {
    JsonNode node = args.get(name);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw wrongType(name, "true or false");
    }
    return node.booleanValue();
  }

  /**
   * Binds the named arguments to a REST request record with the REST API's strict mapper. An
   * absent argument is an absent field, an explicit null a JSON null (which PATCH semantics tell
   * apart).
   */
  public <T> T body(Class<T> type, Collection<String> fields) {
    ObjectNode body = json.createObjectNode();
    for (String field : fields) {
      if (args.has(field)) {
        body.set(field, args.get(field));
      }
    }
    try {
      return json.treeToValue(body, type);
    } catch (JsonProcessingException e) {
      throw JsonProblems.of(e);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof JsonProcessingException cause) {
        throw JsonProblems.of(cause);
      }
      throw e;
    }
  }

  private static ApiProblem wrongType(String name, String expected) {
    return JsonProblems.fieldProblem(
        ProblemCode.INVALID_TYPE, name, "Argument '" + name + "' has the wrong type (expected " + expected + ")",
        "Send '" + name + "' as " + expected + ".");
  }
}
