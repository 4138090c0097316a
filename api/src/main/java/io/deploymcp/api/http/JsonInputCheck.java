package io.deploymcp.api.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.deploymcp.api.problem.JsonProblems;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The rules every JSON input obeys before anything binds it, shared by REST bodies
 * ({@link BodyCaptureFilter}), MCP messages and tool arguments, and webhook payloads:
 *
 * <ul>
 *   <li>no key twice in one object (400 DUPLICATE_JSON_KEY, naming it): parsers disagree on
 *       which value wins, so the audit entry, the idempotency fingerprint and the operation could
 *       each read another request;
 *   <li>no U+0000 in a key or string (400 CONTROL_CHARACTER, naming the field): PostgreSQL text
 *       cannot hold it and no name, path, ref or env value of this API may contain it;
 *   <li>one JSON value per document: {@code {} {}} is no JSON text, and a parser that reads the
 *       first value and one that reads the last would see two requests (a syntax error, below).
 * </ul>
 *
 * Syntax errors are left to the caller's parser, which reports them as MALFORMED_JSON.
 */
public final class JsonInputCheck {
  /** Plain JSON: no comments or other extensions that a second parser might not share. */
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonInputCheck() {}

  /** Whether U+0000 in strings is refused, or left to the caller (MCP tool arguments are checked per tool call). */
  public enum Nul { REFUSE, ALLOW }

  /**
   * Checks a document; throws the problem for a duplicate key or a NUL, and {@link
   * JsonProcessingException} when the bytes are no JSON at all.
   */
  public static void check(byte[] json, Nul nul) throws JsonProcessingException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      Deque<Set<String>> objects = new ArrayDeque<>();
      int depth = 0;
      boolean valueSeen = false;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (depth == 0) { // a value starts at the top level
          if (valueSeen) {
            throw new JsonParseException(parser, "a second JSON value after the first: send one value only");
          }
          valueSeen = true;
        }
        switch (token) {
          case START_OBJECT -> {
            objects.push(new HashSet<>());
            depth++;
          }
          case END_OBJECT -> {
            objects.pop();
            depth--;
          }
          case START_ARRAY -> depth++;
          case END_ARRAY -> depth--;
          case FIELD_NAME -> {
            String name = parser.currentName();
            if (!objects.peek().add(name)) {
              throw JsonProblems.duplicateKey(JsonProblems.path(parser.getParsingContext()));
            }
            if (nul == Nul.REFUSE && name.indexOf('\0') >= 0) {
              throw JsonProblems.nulCharacter(JsonProblems.path(parser.getParsingContext()));
            }
          }
          case VALUE_STRING -> {
            if (nul == Nul.REFUSE && parser.getText().indexOf('\0') >= 0) {
              throw JsonProblems.nulCharacter(JsonProblems.path(parser.getParsingContext()));
            }
          }
          default -> {}
        }
      }
    } catch (JsonProcessingException e) {
      throw e;
    } catch (CharConversionException e) {
      // Jackson takes leading NUL bytes for UTF-16 or UTF-32 and fails on what follows: the
      // bytes are no JSON, which is the caller's 400, not a 500 (found by JsonInputCheckFuzzTest).
      throw new JsonParseException(null, "the body is not JSON in UTF-8, UTF-16 or UTF-32: " + e.getMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from memory failed", e);
    }
  }

  /** Refuses a U+0000 anywhere in a parsed tree (keys included); {@code root} prefixes the field named. */
  public static void refuseNul(JsonNode node, String root) {
    if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
      throw JsonProblems.nulCharacter(root);
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String path = join(root, field.getKey());
        if (field.getKey().indexOf('\0') >= 0) {
          throw JsonProblems.nulCharacter(path);
        }
        refuseNul(field.getValue(), path);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        refuseNul(node.get(i), root + "[" + i + "]");
      }
    }
  }

  private static String join(String root, String key) {
    return root == null || root.isEmpty() ? key : root + "." + key;
  }
}
