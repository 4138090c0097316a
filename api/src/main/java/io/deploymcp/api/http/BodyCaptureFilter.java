package io.deploymcp.api.http;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads the body of a mutating request into memory, refusing more than the body limit with
 * 413 PAYLOAD_TOO_LARGE (also for chunked bodies that declare no length), and hands the same
 * bytes on to deserialization.
 */
@ApplicationScoped // created at first request: filters are instantiated before runtime config exists
public class BodyCaptureFilter {
  private final int maxBytes;

  public BodyCaptureFilter(ApiConfig config) {
    this.maxBytes = config.limits().maxBodyBytes();
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 200)
  public void capture(ContainerRequestContext request) throws IOException {
    if (!MutatingMethods.is(request.getMethod())) {
      return;
    }
    if (request.getLength() > maxBytes) {
      throw tooLarge();
    }
    byte[] body = readAtMost(request.getEntityStream(), maxBytes);
    request.setProperty(CapturedBody.PROPERTY, new CapturedBody(body));
    request.setEntityStream(new ByteArrayInputStream(body));
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
        throw tooLarge();
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private ApiProblem tooLarge() {
    return new ApiProblem(
        ProblemCode.PAYLOAD_TOO_LARGE,
        "The request body exceeds " + maxBytes + " bytes",
        "Send at most " + maxBytes + " bytes; set large env values one by one with PUT /v1/services/{name}/env/{KEY}.");
  }
}
