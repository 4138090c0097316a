package io.deploymcp.api.problem;

import java.util.Locale;

/**
 * Stable, machine-readable error codes. Agents branch on {@link #name()}, so a code is never
 * renamed; each carries its HTTP status, a title and a default hint that says what to do next.
 */
public enum ProblemCode {
  // Syntax of the request
  MALFORMED_JSON(400, "Malformed JSON", "Send a single JSON object with Content-Type: application/json."),
  UNKNOWN_FIELD(400, "Unknown field", "Remove the field; GET /q/openapi lists the accepted fields."),
  INVALID_TYPE(400, "Wrong type", "Send the field with the JSON type the OpenAPI document gives."),
  INVALID_LIMIT(400, "Invalid limit", "Use a limit between 1 and 200."),
  INVALID_CURSOR(400, "Invalid cursor", "Pass next_cursor exactly as a previous page returned it."),
  INVALID_IDEMPOTENCY_KEY(400, "Invalid Idempotency-Key", "Use 1-255 printable ASCII characters, e.g. a UUID."),
  PAYLOAD_TOO_LARGE(413, "Payload too large", "Keep request bodies under 1 MiB."),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", "Send Content-Type: application/json."),
  NOT_ACCEPTABLE(406, "Not acceptable", "Accept application/json."),
  METHOD_NOT_ALLOWED(405, "Method not allowed", "GET /q/openapi lists the methods of each path."),
  INVALID_WEBHOOK(400, "Invalid webhook delivery", "Send the git host's delivery unchanged: a JSON body and its delivery id header."),
  INVALID_TIME(400, "Invalid time",
      "Use an RFC 3339 time like 2026-01-02T15:04:05Z or an age like 30s, 15m, 2h, 7d; since must be before until."),
  INVALID_LOG_LEVEL(400, "Invalid log level", "Use level=error, warn, info or debug (that level and more severe)."),
  INVALID_PARAMETER(400, "Invalid query parameter", "Correct the query parameter named in the error; GET /q/openapi lists the accepted values."),
  // Hostile or broken bytes, refused before any operation runs (issue 13)
  CONTROL_CHARACTER(400, "Control character in request",
      "Remove control characters: no path, query parameter or header may hold U+0000-U+001F or U+007F-U+009F"
          + " (headers may hold a tab), and no JSON string may hold U+0000."),
  INVALID_ENCODING(400, "Invalid percent-encoding",
      "Percent-encode the path and query as UTF-8 with two hex digits per byte, e.g. %25 for '%' and %20 for a space."),
  DUPLICATE_JSON_KEY(400, "Duplicate JSON key",
      "Send each key at most once per JSON object; parsers disagree on which of two values wins."),
  MALFORMED_REQUEST(400, "Malformed request",
      "Check the request line and headers; /mcp needs Accept: application/json, text/event-stream."),
  REQUEST_LINE_TOO_LONG(414, "Request line too long",
      "Keep the method, path and query under the limit the error names; send long input in a JSON body."),
  HEADERS_TOO_LARGE(431, "Request headers too large",
      "Send fewer or shorter headers: all header lines together must stay under the limit the error names."),

  // Who is calling
  UNAUTHENTICATED(401, "Unauthenticated", "Send Authorization: Bearer <api key>; create keys with POST /v1/api-keys."),
  INVALID_SIGNATURE(401, "Invalid webhook signature",
      "Configure the webhook with the secret from POST /v1/services/{name}/webhook-secret (or the GitHub App's webhook secret)."),
  INSUFFICIENT_SCOPE(403, "Insufficient scope", "Use an API key with the scope this operation needs."),
  KEY_RESTRICTED(403, "Outside the key's restriction",
      "This API key may reach only the services or project it is restricted to; whoami shows which."),
  MCP_SESSION_KEY_MISMATCH(403, "MCP session of another key",
      "An MCP session is bound to the API key that opened it: initialize a session with this key."),
  OPERATOR_CREDENTIAL_REQUIRED(403, "Operator credential required",
      "/v1/operator/ endpoints take the operator token (DP_OPERATOR_TOKEN) as the bearer token, not an API key."),
  TOO_MANY_EVENT_STREAMS(429, "Too many event streams open for this tenant",
      "Close a stream you no longer read, or retry after the Retry-After seconds."),
  RATE_LIMITED(429, "Rate limited", "Wait for Retry-After seconds, then retry."),
  ORIGIN_NOT_ALLOWED(403, "Origin not allowed",
      "Call /mcp without an Origin header (non-browser clients) or from an origin listed in DP_MCP_ALLOWED_ORIGINS."),

  // Field validation
  INVALID_NAME(422, "Invalid service name",
      "Use 1-63 lowercase letters, digits and '-', starting with a letter and not ending with '-'."),
  NAME_RESERVED(422, "Reserved name", "Pick another name; this one is reserved for the platform."),
  NAME_TAKEN(409, "Name taken", "Pick another name; service names are global because they are subdomains."),
  INVALID_PROJECT(422, "Invalid project name", "Use 1-30 lowercase letters, digits and '-', starting with a letter."),
  INVALID_REPO(422, "Invalid repository URL", "Use a public https:// git URL without credentials, e.g. https://github.com/org/repo."),
  INVALID_REF(422, "Invalid git ref", "Use a branch name git accepts, or a commit SHA of 7-40 hex characters."),
  INVALID_PORT(422, "Invalid port", "Use the port your app listens on, 1-65535."),
  INVALID_RESOURCES(422, "Invalid resources", "Use cpu like \"250m\" or \"1\" and memory like \"256Mi\" or \"1Gi\" within the limits."),
  INVALID_ENV(422, "Invalid environment variable", "Env keys match [A-Za-z_][A-Za-z0-9_]* and values are strings."),
  ENV_TOO_LARGE(422, "Too many or too large environment variables", "Keep at most 200 variables of at most 32 KiB each."),
  INVALID_SCHEDULE(422, "Invalid schedule", "Use a five-field cron expression, e.g. \"*/15 * * * *\"."),
  SCHEDULE_REQUIRED(422, "Schedule required", "A service of kind cron needs a schedule, e.g. \"0 3 * * *\"."),
  INVALID_KIND(422, "Invalid kind", "Use web, worker or cron."),
  INVALID_BUILD_PACK(422, "Invalid build pack", "Use railpack, dockerfile or static."),
  INVALID_ENVIRONMENT(422, "Invalid environment", "Use production or preview."),
  INVALID_PATH(422, "Invalid path",
      "Use relative paths without '..' for root_dir, dockerfile_path and watch_paths, and an absolute URL path for health_check_path."),
  INVALID_INSTALLATION_ID(422, "Invalid GitHub App installation id", "Use the numeric installation id of the GitHub App on the repository's account, e.g. 12345678."),
  INVALID_WEBHOOK_SECRET(422, "Invalid webhook secret", "Omit secret to get a generated one, or send 16-256 printable ASCII characters."),
  INVALID_FIELD(422, "Invalid field", "Correct the field named in the error."),
  INVALID_SCOPE(422, "Invalid scope", "Use read, deploy or admin."),
  INVALID_RESTRICTION(422, "Invalid key restriction",
      "services: 1-100 valid service names; project: the name of an existing project (GET /v1/projects)."),
  IMMUTABLE_FIELD(422, "Immutable field", "name and project cannot change: create a new service instead."),
  CONFIRMATION_REQUIRED(422, "Confirmation required", "Pass confirm equal to the service name to delete it."),

  // State
  NOT_FOUND(404, "Not found", "Check the name or id; GET /v1/services lists your services."),
  MCP_SESSION_NOT_FOUND(404, "MCP session not found",
      "Initialize a new session: POST /mcp with an initialize request and no Mcp-Session-Id."),
  DEPLOYMENT_FINISHED(409, "Deployment finished", "The deployment already ended; start a new one with POST /v1/services/{name}/deploys."),
  IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused",
      "Use a new Idempotency-Key for a different request; a key replays only the identical request."),
  LOG_TYPE_NOT_AVAILABLE(501, "Log type not available yet", "Use type=build; runtime logs come with the Loki log backend in a later release."),
  IDEMPOTENCY_KEY_IN_FLIGHT(409, "Request in flight", "The first request with this Idempotency-Key is still running: retry in a second."),
  DEPLOYMENT_NOT_FOUND(404, "Deployment not found",
      "Pass the id of one of this service's deployments; GET /v1/services/{name}/deployments lists them."),
  NOTHING_TO_PUBLISH(409, "Nothing to publish",
      "Deploy to preview first (POST /v1/services/{name}/deploys with environment preview) and wait until it runs."),
  DEPLOYMENT_NOT_PUBLISHABLE(409, "Deployment not publishable",
      "Publish a preview deployment of this service that ran (status running, with an image); omit deployment_id for the live preview."),
  NOTHING_TO_ROLL_BACK(409, "Nothing to roll back to",
      "Production has no earlier deployment that ran with another image; GET /v1/services/{name}/deployments lists them."),
  DEPLOYMENT_NOT_ROLLBACKABLE(409, "Deployment cannot be rolled back to",
      "Name a production deployment of this service that ran (status running, with an image); publish preview deployments instead."),
  ALREADY_LIVE(409, "Already live",
      "Production already runs this image and no other production deploy is under way: nothing to do."),
  IMAGE_COLLECTED(409, "Image removed from the registry",
      "Registry garbage collection deleted this image: deploy its commit again (POST /v1/services/{name}/deploys"
          + " with {\"commit\": \"<sha>\"}), which builds it anew."),
  REGISTRY_GC_RUNNING(409, "Registry GC run open",
      "Another collector run holds the lease: wait until it ends or expires, then open a run again."),
  REGISTRY_GC_RUN_ENDED(409, "Registry GC run ended",
      "The run ended, expired or never existed: delete nothing more, and open a new run to collect again."),
  BUILDS_IN_FLIGHT(409, "Builds in flight",
      "Pushes are under way: retry the sweep in a few seconds, or end the run and let the next one sweep blobs."),

  // The platform
  TEMPORAL_UNAVAILABLE(503, "Workflow engine unavailable",
      "Nothing was changed. Retry in a few seconds; GET /v1/status shows whether Temporal is reachable."),
  WRITES_OVERLOADED(503, "Too many writes at once",
      "Nothing was changed. Retry after the Retry-After seconds."),
  EVENT_STREAMS_OVERLOADED(503, "Too many event streams open",
      "Retry after the Retry-After seconds; the stream resumes from Last-Event-ID."),
  DEPLOY_BACKLOG_FULL(503, "Too many deployments unfinished",
      "Nothing was changed. Wait for running deployments to finish, then retry after the Retry-After seconds."),
  DATABASE_UNAVAILABLE(503, "Database unavailable", "Nothing was changed. Retry in a few seconds; GET /v1/status shows the database state."),
  SECRETS_NOT_CONFIGURED(503, "Secrets not configured", "The operator must set DP_SECRET_KEY before env values can be stored."),
  CLUSTER_NOT_CONFIGURED(503, "Kubernetes not configured",
      "The operator sets KUBECONFIG for the API (or runs it in the cluster); build logs work without: type=build."),
  LOGS_UNAVAILABLE(503, "Log backend unavailable",
      "Retry in a few seconds; GET /v1/status shows which log backend each log type uses and whether it answers."),
  CLUSTER_UNAVAILABLE(503, "Kubernetes unavailable", "Retry in a few seconds; GET /v1/status shows the cluster setting."),
  METRICS_NOT_CONFIGURED(503, "Metrics not configured",
      "The operator sets PROMETHEUS_URL on the API (the Prometheus that scrapes cAdvisor, kube-state-metrics and Traefik)."),
  METRICS_UNAVAILABLE(503, "Metrics unavailable", "Prometheus did not answer; retry in a few seconds. GET /v1/services/{name} still works."),
  INVALID_WINDOW(400, "Invalid window", "Use one of 5m, 15m, 30m, 1h, 3h, 6h, 12h, 24h."),
  OPERATOR_NOT_CONFIGURED(503, "Operator access not configured",
      "The operator sets DP_OPERATOR_TOKEN on the API (at least 32 characters, from a Secret: chart value operator.existingSecret)."),
  INTERNAL_ERROR(500, "Internal error", "Retry; if it persists, report the time and request to the operator.");

  private final int status;
  private final String title;
  private final String hint;

  ProblemCode(int status, String title, String hint) {
    this.status = status;
    this.title = title;
    this.hint = hint;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String defaultHint() {
    return hint;
  }

  /** The problem type URI: stable, derived from the code. */
  public String type() {
    return "urn:deploy-mcp:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
