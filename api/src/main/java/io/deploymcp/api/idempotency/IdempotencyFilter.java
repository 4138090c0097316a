package io.deploymcp.api.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.http.CapturedBody;
import io.deploymcp.api.http.MutatingMethods;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Idempotency-Key on POST/PUT/PATCH/DELETE, per API key: the first request with a key runs and its
 * response is stored; the identical request again gets that response replayed (nothing runs);
 * a different request with the same key gets 422 IDEMPOTENCY_KEY_REUSED; a duplicate while
 * the first still runs gets 409 IDEMPOTENCY_KEY_IN_FLIGHT, until its claim counts as abandoned
 * (DP_IDEMPOTENCY_ABANDONED_AFTER: its API process died); then the retry runs as a takeover, and
 * the operations find what the first attempt wrote through {@link IdempotentRequest}. Server-side
 * failures (5xx) are not stored, so the caller can retry with the same key.
 */
@ApplicationScoped // created at first request: filters are instantiated before runtime config exists
public class IdempotencyFilter {
  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  /** Request property set on replays, so the audit does not record them as new actions. */
  public static final String REPLAYED = "dp.idempotency.replayed";
  private static final String CLAIMED = "dp.idempotency.claimed";
  private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);

  private final IdempotencyStore store;
  private final CallerContext callerContext;
  private final IdempotentRequest idempotentRequest;
  private final ObjectMapper json;

  public IdempotencyFilter(
      IdempotencyStore store, CallerContext callerContext, IdempotentRequest idempotentRequest, ObjectMapper json) {
    this.store = store;
    this.callerContext = callerContext;
    this.idempotentRequest = idempotentRequest;
    this.json = json;
  }

  /** Keys are scoped to the API key that sent them: another key's identical request runs on its own. */
  private record ClaimedKey(UUID apiKeyId, String key) {}

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 300)
  public Response claim(ContainerRequestContext request) {
    String key = request.getHeaderString(HEADER);
    if (key == null || !MutatingMethods.is(request.getMethod()) || !callerContext.isSet()) {
      return null;
    }
    if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
      throw new ApiProblem(ProblemCode.INVALID_IDEMPOTENCY_KEY, "Idempotency-Key must be 1-255 printable ASCII characters");
    }
    Caller caller = callerContext.get();
    URI uri = request.getUriInfo().getRequestUri();
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    byte[] fingerprint = RequestFingerprint.of(request.getMethod(), path, CapturedBody.of(request).bytes());
    Claim claim = store.claim(caller.tenantId(), caller.apiKeyId(), key, fingerprint, request.getMethod(), path);
    return switch (claim) {
      case Claim.Granted granted -> {
        request.setProperty(CLAIMED, new ClaimedKey(caller.apiKeyId(), key));
        idempotentRequest.set(caller.apiKeyId(), key, granted.firstClaimedAt(), granted.takeover());
        if (granted.takeover()) {
          LOG.infof("Idempotency-Key of %s %s: the first attempt's claim was abandoned (its API process died?);"
              + " this retry takes it over", request.getMethod(), path);
        }
        yield null;
      }
      case Claim.Replay replay -> {
        request.setProperty(REPLAYED, Boolean.TRUE);
        StoredResponse stored = replay.response();
        Response.ResponseBuilder builder = Response.status(stored.status()).header(REPLAYED_HEADER, "true");
        if (stored.body() != null && !stored.body().isEmpty()) {
          builder.entity(stored.body()).type(stored.contentType());
        }
        yield builder.build();
      }
      case Claim.Reused reused ->
          throw new ApiProblem(
              ProblemCode.IDEMPOTENCY_KEY_REUSED,
              "Idempotency-Key '" + key + "' was used for a different request (method, path or body differ)");
      case Claim.InFlight inFlight ->
          throw new ApiProblem(
              ProblemCode.IDEMPOTENCY_KEY_IN_FLIGHT,
              "The first request with Idempotency-Key '" + key + "' is still running");
    };
  }

  @ServerResponseFilter
  public void store(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(CLAIMED) instanceof ClaimedKey claimed)) {
      return;
    }
    request.removeProperty(CLAIMED);
    try {
      if (response.getStatus() >= 500) {
        store.release(claimed.apiKeyId(), claimed.key());
        return;
      }
      String contentType = response.getMediaType() == null ? null : response.getMediaType().toString();
      store.complete(claimed.apiKeyId(), claimed.key(), new StoredResponse(response.getStatus(), body(response.getEntity()), contentType));
    } catch (RuntimeException | JsonProcessingException e) {
      // The response itself is fine; a retry with this key will run again after the row expires.
      LOG.warnf("could not store the response for an Idempotency-Key: %s", e.getMessage());
    }
  }

  private String body(Object entity) throws JsonProcessingException {
    if (entity == null) {
      return null;
    }
    if (entity instanceof String s) {
      return s;
    }
    Object storable = entity instanceof ContainsSecret secret ? secret.withoutSecret() : entity;
    return json.writeValueAsString(storable);
  }
}
