package io.deploymcp.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jackson's parse and binding errors as problems with stable codes: UNKNOWN_FIELD,
 * INVALID_TYPE, MALFORMED_JSON. Shared by the REST exception mappers and the MCP tools, which
 * bind their arguments with the same strict mapper, so both answer a bad field identically.
 */
public final class JsonProblems {
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
    String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
        + ", column " + e.getLocation().getColumnNr();
    return new ApiProblem(ProblemCode.MALFORMED_JSON, "The request body is not valid JSON" + where);
  }

  public static ApiProblem fieldProblem(ProblemCode code, String field, String detail, String hint) {
    return new ApiProblem(code, detail, hint, List.of(new FieldError(field, code.name(), detail, hint)), Map.of());
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
