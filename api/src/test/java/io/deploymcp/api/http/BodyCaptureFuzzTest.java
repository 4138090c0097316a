package io.deploymcp.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body filter every mutating request and webhook delivery passes, called as plain code with
 * the request and the configuration as stand-ins: the method, a webhook or API path, limits
 * small enough to reach, a body of any bytes (JSON with a key twice or a NUL among them) at,
 * just under or over the limit or without end, delivered in reads of any size, with its length
 * declared, undeclared (chunked) or misdeclared, and a Content-Type of any case and parameters.
 * Properties: a body over its path's limit, declared or read, is PAYLOAD_TOO_LARGE, a declared
 * one before any byte is read and an endless one after at most one buffer past the limit; a body
 * within the limit is captured whole and handed on byte for byte; it is refused exactly as
 * {@link JsonInputCheck} refuses it when it is JSON by its type (or has none) and never
 * otherwise; other methods are not touched.
 */
class BodyCaptureFuzzTest {
  /** What one read of the filter may take past the limit (its buffer). */
  private static final int READ_BUFFER = 8192;
  private static final List<String> METHODS = List.of("POST", "PUT", "PATCH", "DELETE", "GET", "HEAD", "OPTIONS", "post");
  private static final List<String> PATHS =
      List.of("/v1/webhooks/github", "/v1/webhooks/gitea", "/v1/services", "/v1/services/a/env/K", "/v1/webhooks", "/mcp");
  private static final List<String> TYPES =
      List.of("application/json", "APPLICATION/Json", "application/merge-patch+json", "application/problem+JSON",
          "application/x-www-form-urlencoded", "text/plain", "text/json", "application/jsonp", "application/json-seq",
          "application/octet-stream", "application/+json", "multipart/form-data");
  private static final List<String> BODIES =
      List.of("{\"name\":\"a\"}", "{\"a\":1,\"a\":2}", "{\"a\":\"\\u0000\"}", "[{\"x\":{\"y\":1,\"y\":1}}]", "{\"a\":",
          "payload=%7B%22a%22%3A1%2C%22a%22%3A2%7D", "");

  @FuzzTest
  void aBodyIsCapturedWholeOrRefusedAtItsLimit(FuzzedDataProvider data) throws IOException {
    int maxBytes = data.consumeInt(0, 3 * READ_BUFFER);
    int maxWebhookBytes = data.consumeInt(0, 3 * READ_BUFFER);
    String method = data.pickValue(METHODS);
    String path = data.pickValue(PATHS);
    MediaType type = data.consumeBoolean() ? null : mediaType(data);
    int limit = path.startsWith("/v1/webhooks/") ? maxWebhookBytes : maxBytes;

    byte[] body = data.consumeBoolean() ? data.pickValue(BODIES).getBytes(StandardCharsets.UTF_8) : data.consumeBytes(200);
    switch (data.consumeInt(0, 4)) {
      case 0 -> body = padded(body, limit); // exactly at the limit
      case 1 -> body = padded(body, limit + 1); // one byte over
      case 2 -> body = padded(body, Math.max(0, limit - 1));
      case 3 -> body = padded(body, data.consumeInt(0, 2 * limit + 1));
      default -> {} // as it is
    }
    boolean endless = data.consumeInt(0, 9) == 0;
    int declared = switch (data.consumeInt(0, 3)) {
      case 0 -> -1; // chunked: no length said
      case 1 -> endless ? -1 : body.length;
      default -> data.consumeInt(-1, 4 * READ_BUFFER); // a lie, or the truth by chance
    };
    Body stream = new Body(body, endless, data.consumeInt(1, 2 * READ_BUFFER));
    Request request = new Request(method, path, declared, type, stream);

    ProblemCode refused = null;
    try {
      new BodyCaptureFilter(config(maxBytes, maxWebhookBytes)).capture(request.context());
    } catch (ApiProblem e) {
      refused = e.code();
    }

    if (!MutatingMethods.is(method)) {
      assertThat(refused).isNull();
      assertThat(stream.read).as("bytes read of a %s", method).isZero();
      assertThat(request.properties).isEmpty();
      return;
    }
    if (declared > limit) {
      assertThat(refused).as("declared %d over %d", declared, limit).isEqualTo(ProblemCode.PAYLOAD_TOO_LARGE);
      assertThat(stream.read).as("bytes read of a body declared too large").isZero();
      return;
    }
    if (endless || body.length > limit) {
      assertThat(refused).as("%d bytes read, limit %d", stream.read, limit).isEqualTo(ProblemCode.PAYLOAD_TOO_LARGE);
      assertThat(stream.read).as("bytes read before the refusal").isLessThanOrEqualTo((long) limit + READ_BUFFER);
      return;
    }
    ProblemCode expected = null;
    if (body.length > 0 && json(type)) {
      try {
        JsonInputCheck.check(body, JsonInputCheck.Nul.REFUSE);
      } catch (ApiProblem e) {
        expected = e.code();
      } catch (JsonProcessingException e) {
        // Not JSON at all: left to the body's reader.
      }
    }
    assertThat(refused).as("refusal of %s as %s", new String(body, StandardCharsets.UTF_8), type).isEqualTo(expected);
    if (refused != null) {
      return;
    }
    assertThat(CapturedBody.of(request.context()).bytes()).as("captured").isEqualTo(body);
    assertThat(request.entity.readAllBytes()).as("handed on").isEqualTo(body);
  }

  /**
   * JSON by its type, as the filter's contract says (what the JSON reader takes):
   * application/json or a +json type, names in any case, parameters aside; or no type at all.
   */
  private static boolean json(MediaType type) {
    if (type == null) {
      return true;
    }
    String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
    return type.getType().toLowerCase(Locale.ROOT).equals("application") && (subtype.equals("json") || subtype.endsWith("+json"));
  }

  private static MediaType mediaType(FuzzedDataProvider data) {
    String[] parts = data.consumeBoolean() ? data.pickValue(TYPES).split("/", 2) : new String[] {data.consumeString(12), data.consumeString(20)};
    Map<String, String> parameters = data.consumeBoolean() ? Map.of("charset", data.consumeString(10)) : Map.of();
    return new MediaType(parts[0], parts[1], parameters);
  }

  /** The body repeated or cut to exactly {@code size} bytes. */
  private static byte[] padded(byte[] body, int size) {
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = body.length == 0 ? (byte) ' ' : body[i % body.length];
    }
    return out;
  }

  /** A request body as the HTTP layer streams it: at most {@code chunk} bytes a read, or without end. */
  private static final class Body extends InputStream {
    private final byte[] bytes;
    private final boolean endless;
    private final int chunk;
    long read;

    Body(byte[] bytes, boolean endless, int chunk) {
      this.bytes = bytes;
      this.endless = endless;
      this.chunk = chunk;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (!endless && read >= bytes.length) {
        return -1;
      }
      int n = Math.min(len, chunk);
      if (!endless) {
        n = (int) Math.min(n, bytes.length - read);
      }
      for (int i = 0; i < n; i++) {
        b[off + i] = endless ? (byte) 'a' : bytes[(int) read + i];
      }
      read += n;
      return n;
    }
  }

  /** The few parts of a JAX-RS request the filter uses; anything else it asked for fails the input. */
  private static final class Request {
    final Map<String, Object> properties = new HashMap<>();
    InputStream entity;
    private final ContainerRequestContext context;

    Request(String method, String path, int length, MediaType type, InputStream body) {
      this.entity = body;
      UriInfo uri = proxy(UriInfo.class, (name, args) -> name.equals("getPath") ? path : UNASKED);
      context = proxy(ContainerRequestContext.class, (name, args) -> switch (name) {
        case "getMethod" -> method;
        case "getUriInfo" -> uri;
        case "getLength" -> length;
        case "getMediaType" -> type;
        case "getEntityStream" -> entity;
        case "setEntityStream" -> {
          entity = (InputStream) args[0];
          yield null;
        }
        case "getProperty" -> properties.get((String) args[0]);
        case "setProperty" -> {
          properties.put((String) args[0], args[1]);
          yield null;
        }
        default -> UNASKED;
      });
    }

    ContainerRequestContext context() {
      return context;
    }
  }

  /** What a stand-in answers to a method the filter has no business calling. */
  private static final Object UNASKED = new Object();

  private interface Answer {
    Object answer(String method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, Answer answer) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
      Object value = answer.answer(m.getName(), args);
      if (value == UNASKED) {
        throw new UnsupportedOperationException(type.getSimpleName() + "." + m.getName());
      }
      return value;
    }));
  }

  private static ApiConfig config(int maxBytes, int maxWebhookBytes) {
    ApiConfig.Limits limits = proxy(ApiConfig.Limits.class, (name, args) -> switch (name) {
      case "maxBodyBytes" -> maxBytes;
      case "maxWebhookBodyBytes" -> maxWebhookBytes;
      default -> UNASKED;
    });
    return proxy(ApiConfig.class, (name, args) -> name.equals("limits") ? limits : UNASKED);
  }
}
