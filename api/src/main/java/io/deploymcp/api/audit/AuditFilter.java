package io.deploymcp.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.http.CapturedBody;
import io.deploymcp.api.idempotency.IdempotencyFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.io.IOException;
import java.lang.reflect.Method;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Writes the audit entry of every {@link Audited} call once its response is known: who (key
 * prefix), what, on which target, the outcome by status, and the masked request plus the
 * problem code in {@code detail}. Rejected requests are recorded as rejected, never accepted,
 * except those refused for their broken bytes ({@link UnauditedRefusals}); idempotent replays are
 * not new actions and are not recorded again.
 */
@ApplicationScoped // created at first request: filters are instantiated before runtime config exists
public class AuditFilter {
  private static final Logger LOG = Logger.getLogger(AuditFilter.class);

  private final AuditLog log;
  private final CallerContext callerContext;
  private final ObjectMapper json;

  public AuditFilter(AuditLog log, CallerContext callerContext, ObjectMapper json) {
    this.log = log;
    this.callerContext = callerContext;
    this.json = json;
  }

  @ServerResponseFilter
  public void audit(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
    Method method = resource == null ? null : resource.getResourceMethod();
    Audited audited = method == null ? null : method.getAnnotation(Audited.class);
    if (audited == null || !callerContext.isSet() || request.getProperty(IdempotencyFilter.REPLAYED) != null) {
      return;
    }
    String code = problemCode(response.getEntity());
    if (UnauditedRefusals.covers(code)) {
      return;
    }
    Caller caller = callerContext.get();
    JsonNode body = SecretMasking.mask(json, CapturedBody.of(request).bytes());
    ObjectNode detail = json.createObjectNode();
    detail.put("status", response.getStatus());
    if (code != null) {
      detail.put("code", code);
    }
    if (body != null) {
      detail.set("request", body);
    }
    try {
      log.write(
          new AuditEntry(
              caller.tenantId(),
              caller.apiKeyId(),
              caller.keyPrefix(),
              audited.value(),
              target(request, body),
              AuditOutcome.ofStatus(response.getStatus()),
              detail.toString()));
    } catch (RuntimeException e) {
      LOG.errorf("could not write audit entry for %s: %s", audited.value(), e.getMessage());
    }
  }

  /**
   * The affected resource as its path under /v1 (e.g. "services/cool-api/env/API_KEY"); for a
   * create, the collection plus the requested name (e.g. "services/cool-api").
   */
  private static String target(ContainerRequestContext request, JsonNode body) {
    String path = request.getUriInfo().getPath();
    String relative = path.startsWith("/v1/") ? path.substring(4) : path;
    if (request.getUriInfo().getPathParameters().isEmpty()
        && body != null
        && body.path("name").isTextual()) {
      String name = body.path("name").asText();
      return relative + "/" + (name.length() > 100 ? name.substring(0, 100) : name);
    }
    return relative;
  }

  private String problemCode(Object entity) {
    if (entity instanceof String s && s.startsWith("{") && s.contains("\"code\"")) {
      try {
        JsonNode node = json.readTree(s);
        return node.path("code").isTextual() ? node.path("code").asText() : null;
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }
}
