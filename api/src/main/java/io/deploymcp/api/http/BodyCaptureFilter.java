package io.deploymcp.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads the body of a mutating request into memory, refusing more than the body limit with
 * 413 PAYLOAD_TOO_LARGE (also for chunked bodies that declare no length), refuses a JSON body
 * with a key twice in one object or a U+0000 in a string ({@link JsonInputCheck}), and hands the
 * same bytes on to deserialization. Webhook deliveries have a limit of their own and keep their raw
 * bytes here for the signature check.
 */
@ApplicationScoped // created at first request: filters are instantiated before runtime config exists
public class BodyCaptureFilter {
  /** Paths of the unauthenticated, HMAC-signed webhook deliveries. */
  public static final String WEBHOOK_PATHS = "/v1/webhooks/";

  private final int maxBytes;
  private final int maxWebhookBytes;

  public BodyCaptureFilter(ApiConfig config) {
    this.maxBytes = config.limits().maxBodyBytes();
    this.maxWebhookBytes = config.limits().maxWebhookBodyBytes();
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 200)
  public void capture(ContainerRequestContext request) throws IOException {
    if (!MutatingMethods.is(request.getMethod())) {
      return;
    }
    int limit = request.getUriInfo().getPath().startsWith(WEBHOOK_PATHS) ? maxWebhookBytes : maxBytes;
    if (request.getLength() > limit) {
      throw tooLarge(limit);
    }
    byte[] body = readAtMost(request.getEntityStream(), limit);
    if (body.length > 0 && isJson(request.getMediaType())) {
      try {
        JsonInputCheck.check(body, JsonInputCheck.Nul.REFUSE);
      } catch (JsonProcessingException e) {
        // Not JSON at all: the body's reader refuses it as MALFORMED_JSON, with its position.
      }
    }
    request.setProperty(CapturedBody.PROPERTY, new CapturedBody(body));
    request.setEntityStream(new ByteArrayInputStream(body));
  }

  /** JSON, or no type said (the JSON reader takes those too); a form's JSON is checked where it is decoded. */
  private static boolean isJson(MediaType type) {
    return type == null
        || (type.getType().equalsIgnoreCase("application")
            && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json")));
  }

  private byte[] readAtMost(InputStream in, int limit) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > limit) {
        throw tooLarge(limit);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static ApiProblem tooLarge(int maxBytes) {
    return new ApiProblem(
        ProblemCode.PAYLOAD_TOO_LARGE,
        "The request body exceeds " + maxBytes + " bytes",
        "Send at most " + maxBytes + " bytes; set large env values one by one with PUT /v1/services/{name}/env/{KEY}.");
  }
}
