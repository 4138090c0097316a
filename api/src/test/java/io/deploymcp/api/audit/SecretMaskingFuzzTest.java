package io.deploymcp.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.Scope;
import io.deploymcp.api.http.JsonCustomizer;
import io.deploymcp.api.mcp.EnvTools;
import io.deploymcp.api.mcp.McpCallers;
import io.deploymcp.api.mcp.ServiceTools;
import io.deploymcp.api.mcp.ToolInvocation;
import io.deploymcp.api.mcp.ToolOutput;
import io.deploymcp.api.mcp.ToolRunner;
import io.deploymcp.api.mcp.ToolSpec;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.ToolResponse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the audit log keeps of a request: REST bodies masked as {@link AuditFilter} masks them
 * (the captured bytes, with the application's strict mapper or a lenient one), and MCP tool
 * arguments through {@link ToolRunner} itself (set_env, create_service) with the audit log, the
 * caller and the tool replaced by fakes. Bodies are built from fuzzed parts: env maps, value,
 * secret as a string, boolean, number, object or array, keys twice, nested objects, any text,
 * values a part repeated up to 64 KiB, non-objects, texts cut short or followed by more.
 * Every secret value (env values, value, a secret that is no boolean) holds {@link #MARK}, and
 * nothing else does. Properties: masking never throws; the kept text never holds the mark; a
 * kept env value, value or secret is the mask (secret also a boolean); what is kept is at most
 * {@link #KEPT_BYTES} bytes of UTF-8; and an MCP call that is audited writes one entry whose
 * detail holds no mark.
 */
class SecretMaskingFuzzTest {
  /** Letters and digits, which no JSON writer escapes, and Z, q, S... which no \\u escape holds. */
  private static final String MARK = "Zq7SECRETzQ7";
  /** SecretMasking's bound on what it keeps (MAX_KEPT_BYTES), in the bytes jsonb stores. */
  private static final int KEPT_BYTES = 16 * 1024;
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final ObjectMapper STRICT = strict();
  // The tools' own specs, so that the arguments a call may carry are the ones the server accepts.
  private static final ToolSpec SET_ENV = spec(EnvTools.class, "SET");
  private static final ToolSpec CREATE_SERVICE = spec(ServiceTools.class, "CREATE");
  /** Field names of the audited bodies and tools, the secret-carrying ones among them. */
  private static final List<String> KEYS =
      List.of("env", "value", "secret", "name", "key", "service", "repo", "env_plain", "port", "nested");

  @FuzzTest
  void aMaskedBodyKeepsNoSecretWithinItsBound(FuzzedDataProvider data) {
    ObjectMapper json = data.consumeBoolean() ? STRICT : PLAIN;
    byte[] body = body(data).getBytes(StandardCharsets.UTF_8);
    JsonNode masked = SecretMasking.mask(json, body);
    if (masked == null) {
      assertThat(body).as("nothing kept of a body").isEmpty();
      return;
    }
    checkKept(masked);
  }

  @FuzzTest
  void anAuditedToolCallKeepsNoSecretArgument(FuzzedDataProvider data) {
    ToolSpec spec = data.consumeBoolean() ? SET_ENV : CREATE_SERVICE;
    boolean succeeds = data.consumeBoolean();
    String message = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + spec.name()
        + "\",\"arguments\":" + body(data) + "}}";
    List<AuditEntry> entries = new ArrayList<>();
    ToolRunner runner = new ToolRunner(new EveryScope(), STRICT, null, new AuditLog(null) {
      @Override
      public void write(AuditEntry entry) {
        entries.add(entry);
      }
    }, null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    ToolResponse response = runner.run(spec, new ToolInvocation(new Message(message), null, null, null), call -> {
      if (!succeeds) {
        throw new ApiProblem(ProblemCode.INVALID_FIELD, "refused by the tool");
      }
      return ToolOutput.of(Map.of("done", true), "done");
    });
    String code = response.isError() ? ((JsonNode) response.structuredContent()).path("code").asText() : null;
    assertThat(entries).as("audit entries of a call answered %s", code).hasSize(UnauditedRefusals.covers(code) ? 0 : 1);
    for (AuditEntry entry : entries) {
      assertThat(entry.detailJson()).as("audit detail").doesNotContain(MARK);
      JsonNode arguments = readTree(entry.detailJson()).get("arguments");
      if (arguments != null) {
        checkKept(arguments);
      }
    }
  }

  private static void checkKept(JsonNode kept) {
    String text = kept.toString();
    assertThat(text).as("kept").doesNotContain(MARK);
    assertThat(text.getBytes(StandardCharsets.UTF_8).length).as("bytes kept").isLessThanOrEqualTo(KEPT_BYTES);
    checkMasked(kept);
  }

  /** The secret fields of an object and of every object inside it are the mask. */
  private static void checkMasked(JsonNode kept) {
    if (kept.isArray()) {
      kept.forEach(SecretMaskingFuzzTest::checkMasked);
      return;
    }
    if (!kept.isObject()) {
      return;
    }
    kept.properties().forEach(field -> {
      if (!List.of("env", "value", "secret").contains(field.getKey())) {
        checkMasked(field.getValue());
      }
    });
    JsonNode env = kept.get("env");
    if (env != null && env.isObject()) {
      env.forEach(v -> assertThat(v.asText()).as("env value").isEqualTo(SecretMasking.MASK));
    } else if (env != null) {
      assertThat(env.asText()).as("env").isEqualTo(SecretMasking.MASK);
    }
    if (kept.has("value")) {
      assertThat(kept.get("value").asText()).as("value").isEqualTo(SecretMasking.MASK);
    }
    if (kept.has("secret") && !kept.get("secret").isBoolean()) {
      assertThat(kept.get("secret").asText()).as("secret").isEqualTo(SecretMasking.MASK);
    }
  }

  /** A request body: mostly an object of fields, else a non-object, a broken text or any text. */
  private static String body(FuzzedDataProvider data) {
    int shape = data.consumeInt(0, 4);
    return switch (shape) {
      case 0, 1 -> write(data, g -> object(data, g));
      case 2 -> write(data, g -> notAnObject(data, g));
      case 3 -> {
        String text = write(data, g -> object(data, g));
        yield data.consumeBoolean()
            ? text.substring(0, data.consumeInt(0, text.length()))
            : text + clean(data.consumeString(40));
      }
      default -> clean(data.consumeString(200)); // any text, but never the mark outside a secret
    };
  }

  private static void object(FuzzedDataProvider data, JsonGenerator g) throws IOException {
    g.writeStartObject();
    int fields = data.consumeInt(0, 8);
    for (int i = 0; i < fields; i++) {
      // A key may come twice: the generator writes what it is told, as a client may.
      String key = data.consumeBoolean() ? data.pickValue(KEYS) : clean(data.consumeString(20));
      g.writeFieldName(key);
      switch (key) {
        case "env" -> {
          if (data.consumeBoolean()) {
            g.writeStartObject();
            int vars = data.consumeInt(0, 4);
            for (int v = 0; v < vars; v++) {
              g.writeFieldName(clean(data.consumeString(20)));
              secret(data, g);
            }
            g.writeEndObject();
          } else {
            secret(data, g);
          }
        }
        case "value" -> secret(data, g);
        case "secret" -> {
          if (data.consumeBoolean()) {
            g.writeBoolean(data.consumeBoolean()); // env PUT's flag: kept, and no secret
          } else {
            secret(data, g);
          }
        }
        default -> plain(data, g, 0);
      }
    }
    g.writeEndObject();
  }

  /**
   * A top-level value that is no object, holding the mark: nothing of it may be kept. (Not
   * {@link #secret}, which may be an object: at the top, its fields are no secret.)
   */
  private static void notAnObject(FuzzedDataProvider data, JsonGenerator g) throws IOException {
    switch (data.consumeInt(0, 2)) {
      case 0 -> g.writeString(MARK + amplified(data));
      case 1 -> {
        g.writeStartArray();
        g.writeString(MARK);
        plain(data, g, 1);
        g.writeEndArray();
      }
      default -> g.writeNumber(data.consumeLong());
    }
  }

  /** A secret value: a string holding the mark (up to 64 KiB), a number, or an object or array holding one. */
  private static void secret(FuzzedDataProvider data, JsonGenerator g) throws IOException {
    switch (data.consumeInt(0, 3)) {
      case 0 -> g.writeString(clean(data.consumeString(20)) + MARK + amplified(data));
      case 1 -> g.writeNumber(data.consumeLong());
      case 2 -> {
        g.writeStartObject();
        g.writeStringField(clean(data.consumeString(10)), MARK + clean(data.consumeString(10)));
        g.writeEndObject();
      }
      default -> {
        g.writeStartArray();
        g.writeString(MARK);
        plain(data, g, 1);
        g.writeEndArray();
      }
    }
  }

  /** Anything but a secret: text of any kind (up to 64 KiB), numbers, booleans, null, nesting. */
  private static void plain(FuzzedDataProvider data, JsonGenerator g, int depth) throws IOException {
    switch (data.consumeInt(0, 5)) {
      case 0 -> g.writeString(amplified(data));
      case 1 -> g.writeNumber(data.consumeInt());
      case 2 -> g.writeBoolean(data.consumeBoolean());
      case 3 -> g.writeNull();
      case 4 -> {
        g.writeStartArray();
        if (depth < 3) {
          plain(data, g, depth + 1);
        }
        g.writeEndArray();
      }
      default -> {
        // Nested fields may be named like the secret ones, and then hold secrets: a refused body
        // is audited too, and a client that nested them meant them as secrets.
        g.writeStartObject();
        if (depth < 3) {
          String key = data.consumeBoolean() ? data.pickValue(KEYS) : clean(data.consumeString(10));
          g.writeFieldName(key);
          if (key.equals("env") || key.equals("value") || key.equals("secret")) {
            g.writeString(MARK + clean(data.consumeString(10)));
          } else {
            plain(data, g, depth + 1);
          }
        }
        g.writeEndObject();
      }
    }
  }

  /** Fuzzed text, a part of it repeated up to 64 KiB (log scale): across the kept bound, in any script. */
  private static String amplified(FuzzedDataProvider data) {
    String head = data.consumeString(40);
    String part = data.consumeString(8);
    int times = part.isEmpty() ? 0 : data.consumeInt(0, (1 << data.consumeInt(0, 16)) / part.length());
    return clean(head + part.repeat(times)); // the parts joined may spell the mark where neither does
  }

  /** The text without the mark, also where removing one would join another. */
  private static String clean(String text) {
    String out = text;
    while (out.contains(MARK)) {
      out = out.replace(MARK, "");
    }
    return out;
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(FuzzedDataProvider data, Fields fields) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = PLAIN.getFactory().createGenerator(out)) {
      fields.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static JsonNode readTree(String text) {
    try {
      return PLAIN.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("the audit detail is no JSON: " + text, e);
    }
  }

  /** The application's mapper (strict binding, no key twice), as Quarkus configures it. */
  private static ObjectMapper strict() {
    ObjectMapper mapper = new ObjectMapper();
    new JsonCustomizer().customize(mapper);
    return mapper;
  }

  private static ToolSpec spec(Class<?> tools, String field) {
    try {
      java.lang.reflect.Field spec = tools.getDeclaredField(field);
      spec.setAccessible(true);
      return (ToolSpec) spec.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A tools/call as the MCP server hands it over. */
  private record Message(String asString) implements RawMessage {
    @Override
    public JsonObject asJsonObject() {
      return new JsonObject(asString);
    }
  }

  /** An authenticated caller with every scope, so every call reaches its arguments and its audit entry. */
  private static final class EveryScope extends McpCallers {
    private final Caller caller =
        new Caller(UUID.randomUUID(), "t", UUID.randomUUID(), "dp_fuzz", "fuzz", EnumSet.allOf(Scope.class), null);

    EveryScope() {
      super(null);
    }

    @Override
    public Caller current() {
      return caller;
    }
  }
}
