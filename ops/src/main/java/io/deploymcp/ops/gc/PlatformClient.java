package io.deploymcp.ops.gc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

/**
 * The platform's registry-GC endpoints ({@code /v1/operator/registry-gc/**}, docs/registry-gc.md)
 * over java.net.http with the operator token. Every answer is read strictly: a status, a field
 * or a digest the contract does not allow is a {@link PlatformException} naming the step, so the
 * collector deletes nothing on an answer it does not understand.
 */
public final class PlatformClient {
  static final String OPEN_RUN = "open run";
  static final String CLAIMS = "claims";
  static final String SWEEP = "sweep";
  static final String END_RUN = "end run";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI runs;
  private final OperatorToken token;
  private final HttpClient http;
  private final Duration timeout;

  /** What {@code POST .../sweep} answered. */
  public enum SweepAnswer {
    /** The platform holds pushes until the run ends: the blob sweep may run. */
    GRANTED,
    /** 409 BUILDS_IN_FLIGHT: a build is pushing; try again later. */
    BUILDS_IN_FLIGHT
  }

  /**
   * @param apiUrl DP_API_URL, e.g. {@code http://deploy-mcp-api.dp-system:8080}
   * @param http build it with {@code followRedirects(NEVER)}: the token must not travel elsewhere
   */
  public PlatformClient(URI apiUrl, OperatorToken token, HttpClient http, Duration timeout) {
    String base = apiUrl.toString().endsWith("/") ? apiUrl.toString() : apiUrl + "/";
    this.runs = URI.create(base).resolve("v1/operator/registry-gc/runs");
    this.token = token;
    this.http = http;
    this.timeout = timeout;
  }

  /** {@code POST /v1/operator/registry-gc/runs}: the lease (none for a dry run) and what to keep. */
  public GcRun openRun(int keepLast, boolean dryRun) throws PlatformException {
    ObjectNode body = JSON.createObjectNode().put("keep_last", keepLast).put("dry_run", dryRun);
    HttpResponse<String> response = send(OPEN_RUN, post(runs, body));
    int expected = dryRun ? 200 : 201;
    if (response.statusCode() != expected && !(dryRun && response.statusCode() == 201)) {
      throw refused(OPEN_RUN, response, expected);
    }
    JsonNode answer = parse(OPEN_RUN, response);
    try {
      return PlatformAnswers.run(answer, dryRun);
    } catch (PlatformAnswers.Unexpected | PlatformAnswers.UncheckedUnexpected e) {
      throw new PlatformException(OPEN_RUN, redact("unexpected answer: " + e.getMessage()));
    }
  }

  /** {@code POST .../runs/{id}/claims}: which of these digests this run may delete. */
  public ClaimResult claim(UUID runId, Collection<ImageDigest> digests) throws PlatformException {
    ArrayNode list = JSON.createArrayNode();
    for (ImageDigest image : digests) {
      list.addObject().put("repository", image.repository()).put("digest", image.digest());
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("digests", list);
    HttpResponse<String> response = send(CLAIMS, post(run(runId, "/claims"), body));
    if (response.statusCode() != 200) {
      throw refused(CLAIMS, response, 200);
    }
    JsonNode answer = parse(CLAIMS, response);
    try {
      return PlatformAnswers.claims(answer, digests);
    } catch (PlatformAnswers.Unexpected | PlatformAnswers.UncheckedUnexpected e) {
      throw new PlatformException(CLAIMS, redact("unexpected answer: " + e.getMessage()));
    }
  }

  /** {@code POST .../runs/{id}/sweep}: may the blob sweep start (no build pushing)? */
  public SweepAnswer sweep(UUID runId) throws PlatformException {
    HttpResponse<String> response = send(SWEEP, post(run(runId, "/sweep"), JSON.createObjectNode()));
    if (response.statusCode() == 409 && "BUILDS_IN_FLIGHT".equals(problemCode(response))) {
      return SweepAnswer.BUILDS_IN_FLIGHT;
    }
    if (response.statusCode() != 200) {
      throw refused(SWEEP, response, 200);
    }
    String phase = parse(SWEEP, response).path("phase").asText("");
    if (!phase.equals("sweep")) {
      throw new PlatformException(SWEEP, redact("the platform answered 200 without phase \"sweep\" (" + abbreviate(response.body()) + ")"));
    }
    return SweepAnswer.GRANTED;
  }

  /**
   * {@code DELETE .../runs/{id}}: ends the run, pushes resume. Idempotent: a run that ended or
   * expired answers 204 too.
   *
   * @return false when the platform does not know the run (409 REGISTRY_GC_RUN_ENDED)
   */
  public boolean endRun(UUID runId) throws PlatformException {
    HttpRequest request = authorized(HttpRequest.newBuilder(run(runId, ""))).DELETE().build();
    HttpResponse<String> response = send(END_RUN, request);
    if (response.statusCode() == 204 || response.statusCode() == 200) {
      return true;
    }
    if (response.statusCode() == 409 && "REGISTRY_GC_RUN_ENDED".equals(problemCode(response))) {
      return false;
    }
    throw refused(END_RUN, response, 204);
  }

  private URI run(UUID runId, String suffix) {
    return URI.create(runs + "/" + runId + suffix);
  }

  private HttpRequest post(URI uri, JsonNode body) {
    return authorized(HttpRequest.newBuilder(uri))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return request.timeout(timeout).header("Accept", "application/json").header("Authorization", token.authorization());
  }

  private HttpResponse<String> send(String step, HttpRequest request) throws PlatformException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new PlatformException(step, "no answer from the platform at " + origin() + " within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      String message = e.getMessage() == null || e.getMessage().isBlank() ? "" : " " + e.getMessage();
      throw new PlatformException(step, "cannot reach the platform at " + origin() + " (" + e.getClass().getSimpleName() + message
          + "); check DP_API_URL and that the API runs", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException(step, "interrupted", e);
    }
  }

  /** Scheme, host and port of DP_API_URL: what messages show of it. */
  private String origin() {
    return runs.getScheme() + "://" + runs.getRawAuthority();
  }

  private JsonNode parse(String step, HttpResponse<String> response) throws PlatformException {
    try {
      JsonNode node = JSON.readTree(response.body());
      if (node == null || !node.isObject()) {
        throw new PlatformException(step, redact("the platform's answer is not a JSON object (" + abbreviate(response.body()) + ")"));
      }
      return node;
    } catch (IOException e) {
      throw new PlatformException(step, redact("the platform's answer is not JSON (" + abbreviate(response.body()) + ")"));
    }
  }

  private PlatformException refused(String step, HttpResponse<String> response, int expected) {
    int status = response.statusCode();
    String code = problemCode(response);
    StringBuilder message = new StringBuilder("the platform answered ").append(status);
    if (!code.isEmpty()) {
      message.append(' ').append(code);
      JsonNode problem = problem(response);
      String detail = problem.path("detail").asText(problem.path("title").asText(""));
      if (!detail.isBlank()) {
        message.append(": ").append(abbreviate(detail));
      }
    } else {
      message.append(" (expected ").append(expected).append(")");
    }
    if (status == 401) {
      message.append("; DP_OPERATOR_TOKEN is not the token the API was given");
    } else if (status == 403) {
      message.append("; the operator endpoints take DP_OPERATOR_TOKEN, not an API key");
    } else if (status == 404 && code.isEmpty()) {
      message.append("; is DP_API_URL the platform's API, and is it a release with registry GC?");
    }
    return new PlatformException(step, redact(message.toString()));
  }

  private static String problemCode(HttpResponse<String> response) {
    return problem(response).path("code").asText("");
  }

  private static JsonNode problem(HttpResponse<String> response) {
    try {
      JsonNode node = JSON.readTree(response.body());
      return node == null ? JSON.missingNode() : node;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** Whatever the platform (or a proxy in front of it) echoes, the token is not printed. */
  private String redact(String message) {
    return message.replace(token.value(), "***");
  }

  static String abbreviate(String text) {
    String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
  }
}
