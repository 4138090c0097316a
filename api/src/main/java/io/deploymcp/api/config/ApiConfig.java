package io.deploymcp.api.config;

import io.deploymcp.workflows.TaskQueues;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The API's settings. Each maps to the environment variable of docs/architecture.md
 * ({@code dp.apps-domain} is {@code DP_APPS_DOMAIN}, and so on).
 */
@ConfigMapping(prefix = "dp")
public interface ApiConfig {

  /** Domain the services are published under: a service is https://<name>.<apps-domain>. */
  @WithDefault("apps.localhost")
  String appsDomain();

  /** Base64 of 32 random bytes (DP_SECRET_KEY); encrypts env values. Without it env values are refused. */
  Optional<String> secretKey();

  /** When set (DP_BOOTSTRAP_API_KEY), tenant {@code default} gets this key with all scopes at start. */
  Optional<String> bootstrapApiKey();

  /**
   * DP_OPERATOR_TOKEN: the credential of /v1/operator/** (registry garbage collection), at least
   * 32 characters. It is not an API key: it opens no tenant endpoint. Unset, the operator
   * endpoints answer 503 OPERATOR_NOT_CONFIGURED.
   */
  Optional<String> operatorToken();

  RegistryGc registryGc();

  /** The registry garbage collector's side of the platform (docs/registry-gc.md). */
  interface RegistryGc {
    /**
     * DP_REGISTRY_GC_LEASE: how long a collector's run lasts at most. An open run blocks other
     * runs, and one in its sweep phase holds every push back, until it ends or this has passed.
     */
    @WithDefault("PT30M")
    Duration lease();
  }

  /** DP_ALLOW_LOCAL_REPOS: admit file:// and loopback http:// repositories (local stack, tests). */
  @WithDefault("false")
  boolean allowLocalRepos();

  /** DP_RESERVED_NAMES: service names to refuse on top of the built-in list, comma separated. */
  Optional<List<String>> reservedNames();

  /** DP_TASK_QUEUE: the Temporal task queue the worker polls. */
  @WithDefault(TaskQueues.DEFAULT)
  String taskQueue();

  /** How long the repository check waits for DNS; a host that has not resolved by then is refused. */
  @WithDefault("1s")
  Duration dnsTimeout();

  Limits limits();

  RateLimit rateLimit();

  Admission admission();

  Components components();

  Github github();

  Mcp mcp();

  /** The live event streams (GET /v1/deployments/{id}/events). */
  Events events();

  /** The live event streams of deployments (SSE), and what bounds them. */
  interface Events {
    /** DP_EVENTS_KEEPALIVE: an idle stream gets a comment line this often (proxies close silent ones). */
    @WithDefault("15s")
    Duration keepalive();

    /**
     * DP_EVENTS_BUFFER: events held for one watcher that reads slower than they come; past it the
     * watcher reads on from the database by its own cursor (nothing lost, memory bounded).
     */
    @WithDefault("256")
    int buffer();

    /** DP_EVENTS_MAX_STREAMS: open streams per API process, all tenants (503 EVENT_STREAMS_OVERLOADED past it). */
    @WithDefault("2000")
    int maxStreams();

    /** DP_EVENTS_MAX_STREAMS_PER_TENANT: open streams per tenant per API process (429 TOO_MANY_EVENT_STREAMS). */
    @WithDefault("200")
    int maxStreamsPerTenant();

    /** DP_EVENTS_READ_THREADS: threads (and so pooled connections at most) reading events for streams. */
    @WithDefault("4")
    int readThreads();
  }

  /** The MCP endpoint (/mcp). */
  interface Mcp {
    /**
     * DP_MCP_ALLOWED_ORIGINS: browser origins that may call /mcp (DNS-rebinding protection),
     * comma separated, e.g. {@code http://localhost:6274}. An entry without a port admits every
     * port of that scheme and host. Requests without an Origin header (non-browser clients) are
     * always admitted; any other origin gets 403.
     */
    @WithDefault("http://localhost,http://127.0.0.1,http://[::1]")
    List<String> allowedOrigins();

    /** How often a tool waiting for a deployment (wait_seconds) reads its state. */
    @WithDefault("250ms")
    Duration waitPollInterval();

    /**
     * DP_MCP_SESSION_IDLE_TIMEOUT: a Streamable HTTP session unused this long is deleted (with
     * its subscriptions and events) from {@code mcp_sessions}; its client gets 404 and
     * initializes again.
     */
    @WithDefault("24h")
    Duration sessionIdleTimeout();

    /**
     * DP_MCP_EVENT_RETENTION: how long a session's GET-stream events are kept for a client that
     * resumes with Last-Event-ID; a resume from further back gets only what is left.
     */
    @WithDefault("1h")
    Duration eventRetention();
  }

  /** GitHub settings the API itself uses. */
  interface Github {
    /**
     * GITHUB_WEBHOOK_SECRET: the GitHub App's webhook secret. A push it signs deploys the
     * services whose github_installation_id is the delivery's installation.
     */
    Optional<String> webhookSecret();
  }

  /** Per-service bounds and request limits. */
  interface Limits {
    /** Smallest cpu a service may request (Kubernetes quantity). */
    @WithDefault("50m")
    String cpuMin();

    /** Largest cpu a service may request. */
    @WithDefault("4")
    String cpuMax();

    /** cpu when the request names none. */
    @WithDefault("250m")
    String cpuDefault();

    /** Smallest memory a service may request. */
    @WithDefault("64Mi")
    String memoryMin();

    /** Largest memory a service may request. */
    @WithDefault("8Gi")
    String memoryMax();

    /** memory when the request names none. */
    @WithDefault("256Mi")
    String memoryDefault();

    /** Most env variables per service. */
    @WithDefault("200")
    int maxEnvVars();

    /** Largest env value in bytes (UTF-8). */
    @WithDefault("32768")
    int maxEnvValueBytes();

    /** Largest request body in bytes; larger ones get 413 PAYLOAD_TOO_LARGE. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /**
     * Largest webhook delivery in bytes: a push of many commits lists every changed file, so
     * deliveries outgrow ordinary requests (GitHub caps them at 25 MB; the transport's own
     * backstop is quarkus.http.limits.max-body-size).
     */
    @WithDefault("8388608")
    int maxWebhookBodyBytes();
  }

  /** Per-API-key token bucket. */
  interface RateLimit {
    /** Sustained requests per second per key. */
    @WithDefault("50")
    double requestsPerSecond();

    /** Requests a key may send at once before the sustained rate applies. */
    @WithDefault("100")
    int burst();
  }

  /** Admission control of the writes that start deployments (admission/DeployAdmission). */
  interface Admission {
    /** DP_ADMISSION_WRITES_IN_FLIGHT: deploying writes one API process runs at once; the pool has 20 connections. */
    @WithDefault("16")
    int writesInFlight();

    /** DP_ADMISSION_ACTIVE_DEPLOYMENTS: deployments not yet terminal, all tenants together. */
    @WithDefault("500")
    int activeDeployments();

    /** DP_ADMISSION_ACTIVE_DEPLOYMENTS_PER_TENANT: deployments not yet terminal of one tenant. */
    @WithDefault("100")
    int activeDeploymentsPerTenant();

    /** DP_ADMISSION_BACKLOG_TTL: how long one count of those deployments is reused. */
    @WithDefault("1s")
    Duration backlogTtl();
  }

  /**
   * Where the components the worker uses live; the API only probes them for /v1/status.
   * Mapped from BUILDKIT_HOST, REGISTRY_HOST, LOKI_PUSH_URL, LOKI_URL and KUBECONFIG in application.properties.
   */
  interface Components {
    /** BUILDKIT_HOST, e.g. unix:///run/buildkit/buildkitd.sock or tcp://10.0.0.5:1234. */
    Optional<String> buildkitHost();

    /** REGISTRY_HOST, e.g. 127.0.0.1:5000 or registry.example.com. */
    Optional<String> registryHost();

    /** LOKI_PUSH_URL, e.g. http://127.0.0.1:3100/loki/api/v1/push. */
    Optional<String> lokiPushUrl();

    /**
     * LOKI_URL, e.g. http://loki.dp-system:3100 or https://deploy:<pw>@loki.example: when set, the
     * API reads build logs (type=build) and runtime logs (type=runtime) from Loki's query_range
     * instead of PostgreSQL and the pod log API.
     */
    Optional<String> lokiUrl();

    /** Deadline of each Loki query. */
    @WithDefault("10s")
    Duration lokiTimeout();

    /** KUBECONFIG: one or more kubeconfig paths separated by ':'. */
    Optional<String> kubeconfig();

    /**
     * DP_AUTODETECTED: the variables bin/local-stack detected on its machine rather than found
     * set (comma separated); status says which. Only the launcher sets it.
     */
    Optional<List<String>> autodetected();

    /** Deadline of each status probe. */
    @WithDefault("1s")
    Duration probeTimeout();
  }
}
