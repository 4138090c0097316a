package io.deploymcp.api.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jackson's parse and binding errors as problems with stable codes: UNKNOWN_FIELD,
 * INVALID_TYPE, MALFORMED_JSON, DUPLICATE_JSON_KEY (the mapper detects duplicates too). Shared by the REST exception mappers and the MCP tools, which
 * bind their arguments with the same strict mapper, so both answer a bad field identically.
 */
public final class JsonProblems {
  /** How Jackson's STRICT_DUPLICATE_DETECTION words its error. */
  private static final String DUPLICATE_FIELD = "Duplicate field '";

  private JsonProblems() {}

  /** Any Jackson failure, classified like the REST mappers do. */
  public static ApiProblem of(JsonProcessingException e) {
    if (e instanceof PropertyBindingException binding) {
      return unknownField(binding);
    }
    if (e instanceof JsonMappingException mapping) {
      if (mapping.getCause() instanceof ApiProblem problem) {
        return problem;
      }
      return wrongType(mapping);
    }
    return malformed(e);
  }

  public static ApiProblem unknownField(PropertyBindingException e) {
    String field = path(e);
    String known =
        e.getKnownPropertyIds() == null
            ? "see GET /q/openapi"
            : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    return fieldProblem(
        ProblemCode.UNKNOWN_FIELD, field, "Unknown field '" + field + "'",
        "Remove '" + field + "'. Accepted fields: " + known + ".");
  }

  public static ApiProblem wrongType(JsonMappingException e) {
    ApiProblem duplicate = duplicateKey(e);
    if (duplicate != null) {
      return duplicate; // a map binding wraps the parser's duplicate error
    }
    String original = String.valueOf(e.getOriginalMessage());
    if (original.contains("end-of-input") || original.startsWith("No content to map")) {
      // A truncated document surfaces as a binding error when a record is being built.
      return malformed(e);
    }
    String field = path(e);
    if (field.isEmpty()) {
      return new ApiProblem(ProblemCode.INVALID_TYPE, "The request body must be a JSON object",
          "Send a JSON object, e.g. {\"name\": \"cool-api\", \"repo\": \"https://github.com/org/repo\"}.");
    }
    return fieldProblem(
        ProblemCode.INVALID_TYPE,
        field,
        "Field '" + field + "' has the wrong type" + expected(e),
        "Send '" + field + "' with the type GET /q/openapi gives" + expected(e) + ".");
  }

  public static ApiProblem malformed(JsonProcessingException e) {
    ApiProblem duplicate = duplicateKey(e);
    if (duplicate != null) {
      return duplicate;
    }
    String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
        + ", column " + e.getLocation().getColumnNr();
    return new ApiProblem(ProblemCode.MALFORMED_JSON, "The request body is not valid JSON" + where);
  }

  public static ApiProblem fieldProblem(ProblemCode code, String field, String detail, String hint) {
    return new ApiProblem(code, detail, hint, List.of(new FieldError(field, code.name(), detail, hint)), Map.of());
  }

  /** The duplicate key the mapper's STRICT_DUPLICATE_DETECTION found, wrapped or not; else null. */
  private static ApiProblem duplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JsonProcessingException parse
          && String.valueOf(parse.getOriginalMessage()).startsWith(DUPLICATE_FIELD)
          && parse.getProcessor() instanceof JsonParser parser) {
        return duplicateKey(path(parser.getParsingContext()));
      }
    }
    return null;
  }

  /** A key seen twice in one object at {@code path} (e.g. "env.A"). */
  public static ApiProblem duplicateKey(String path) {
    String shown = printable(path);
    return fieldProblem(
        ProblemCode.DUPLICATE_JSON_KEY, shown, "The key '" + shown + "' appears twice in one JSON object",
        "Send '" + shown + "' once; parsers disagree on which of two values wins.");
  }

  /** A U+0000 in the key or string value at {@code path}. */
  public static ApiProblem nulCharacter(String path) {
    String shown = printable(path);
    return fieldProblem(
        ProblemCode.CONTROL_CHARACTER, shown, "Field '" + shown + "' contains the control character U+0000",
        "Remove U+0000 from '" + shown + "': no name, path, ref or value of this API may contain it.");
  }

  /** "env.A", "watch_paths[2]": where a streaming parser stands, named as field errors name fields. */
  public static String path(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      } else if (c.inArray()) {
        parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  private static String printable(String raw) {
    String cut = raw.length() > 64 ? raw.substring(0, 64) + "…" : raw;
    return cut.replaceAll("[^\\x20-\\x7e…]", "?");
  }

  private static String expected(JsonMappingException e) {
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      Class<?> t = m.getTargetType();
      if (t == String.class) {
        return " (expected a string)";
      }
      if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
        return " (expected an integer)";
      }
      if (t == Boolean.class || t == boolean.class) {
        return " (expected true or false)";
      }
      if (Map.class.isAssignableFrom(t)) {
        return " (expected an object)";
      }
      if (List.class.isAssignableFrom(t)) {
        return " (expected an array)";
      }
    }
    return "";
  }

  /** The JSON path of a binding error, e.g. "env.API_KEY" or "scopes[0]". */
  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }
}
