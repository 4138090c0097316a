package io.deploymcp.api.status;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.temporal.TemporalClients;
import io.deploymcp.temporal.ConnectionProblem;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** One probe per component of /v1/status, from the configuration in docs/architecture.md. */
@Singleton
public class ComponentProbes {
  private final DataSource dataSource;
  private final WorkflowServiceStubs temporal;
  private final TemporalClients temporalClients;
  private final ApiConfig.Components components;
  private final Duration timeout;
  private final Probes probes;
  private final SettingSources sources;

  public ComponentProbes(
      DataSource dataSource, WorkflowServiceStubs temporal, TemporalClients temporalClients, ApiConfig config) {
    this.dataSource = dataSource;
    this.temporal = temporal;
    this.temporalClients = temporalClients;
    this.components = config.components();
    this.timeout = components.probeTimeout();
    this.probes = new Probes(timeout);
    this.sources = SettingSources.of(components.autodetected());
  }

  public Duration timeout() {
    return timeout;
  }

  public ComponentStatus database() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      s.execute("select 1");
      return ComponentStatus.ok("PostgreSQL answers");
    } catch (Exception e) {
      return ComponentStatus.unreachable("PostgreSQL does not answer: " + firstLine(e.getMessage()));
    }
  }

  public ComponentStatus temporal() {
    if (temporalClients.settings().isEmpty()) {
      // The variables' own lines: they name the variable and never hold its value's secret part.
      return ComponentStatus.misconfigured(String.join("; ", temporalClients.problems()));
    }
    var settings = temporalClients.settings().get();
    try {
      temporal
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return ComponentStatus.ok("Temporal at " + settings.address() + " answers");
    } catch (RuntimeException e) {
      ConnectionProblem problem = ConnectionProblem.of(settings, e);
      return ComponentStatus.unreachable(problem.reason() + "; deploys cannot start until it does");
    }
  }

  public ComponentStatus buildkit() {
    return sources.annotate(buildkitState(), "BUILDKIT_HOST");
  }

  private ComponentStatus buildkitState() {
    Optional<String> host = components.buildkitHost();
    if (host.isEmpty()) {
      return ComponentStatus.notConfigured("BUILDKIT_HOST is not set: deploys fail with BUILDKIT_NOT_CONFIGURED");
    }
    String value = host.get();
    if (value.startsWith("unix://")) {
      Path socket = Path.of(value.substring("unix://".length()));
      return probes.exists(socket)
          ? ComponentStatus.ok("BuildKit socket " + socket + " exists")
          : ComponentStatus.unreachable("BuildKit socket " + socket + " does not exist");
    }
    if (value.startsWith("tcp://")) {
      return tcp("BuildKit", URI.create(value));
    }
    if (value.startsWith("docker://")) {
      // The engine's own BuildKit: docker:// alone is the engine's default socket.
      String path = value.substring("docker://".length());
      Path socket = Path.of(path.isEmpty() ? "/var/run/docker.sock" : path);
      return probes.exists(socket)
          ? ComponentStatus.ok("Docker engine socket " + socket + " exists; its BuildKit builds")
          : ComponentStatus.unreachable("Docker engine socket " + socket + " does not exist");
    }
    return ComponentStatus.ok("BUILDKIT_HOST " + value + " is set (this scheme is not probed)");
  }

  public ComponentStatus registry() {
    ComponentStatus status = sources.annotate(registryState(), "REGISTRY_HOST");
    List<String> baseImages = sources.detectedBaseImages();
    if (status.state() == ComponentState.NOT_CONFIGURED || baseImages.isEmpty()) {
      return status;
    }
    return new ComponentStatus(status.state(),
        status.reason() + "; base images detected there: " + String.join(", ", baseImages), status.source());
  }

  private ComponentStatus registryState() {
    Optional<String> host = components.registryHost();
    if (host.isEmpty()) {
      return ComponentStatus.notConfigured("REGISTRY_HOST is not set: built images have nowhere to go");
    }
    String value = host.get();
    URI base;
    if (value.contains("://")) {
      base = URI.create(value);
    } else {
      String hostOnly = value.split(":")[0].toLowerCase(Locale.ROOT);
      boolean local = hostOnly.equals("localhost") || hostOnly.startsWith("127.") || hostOnly.equals("[::1]");
      base = URI.create((local ? "http://" : "https://") + value);
    }
    int status = probes.httpStatus(base.resolve("/v2/"));
    // 200 or 401 both mean a distribution API answers; anything else does not look like one.
    if (status == 200 || status == 401) {
      return ComponentStatus.ok("registry " + value + " answers /v2/");
    }
    return ComponentStatus.unreachable(
        status < 0 ? "registry " + value + " does not answer" : "registry " + value + " answered /v2/ with HTTP " + status);
  }

  public ComponentStatus kubernetes() {
    return sources.annotate(kubernetesState(), "KUBECONFIG");
  }

  private ComponentStatus kubernetesState() {
    Optional<String> kubeconfig = components.kubeconfig();
    if (kubeconfig.isEmpty()) {
      return ComponentStatus.notConfigured("KUBECONFIG is not set: deploys fail with KUBERNETES_NOT_CONFIGURED");
    }
    List<String> unreadable = new ArrayList<>();
    for (String file : kubeconfig.get().split(":")) {
      if (!file.isBlank() && !probes.readable(Path.of(file))) {
        unreadable.add(file);
      }
    }
    return unreadable.isEmpty()
        ? ComponentStatus.ok("kubeconfig readable (the cluster itself is not contacted)")
        : ComponentStatus.unreachable("kubeconfig " + String.join(", ", unreadable) + " is not readable");
  }

  public ComponentStatus loki() {
    boolean read = components.lokiUrl().filter(u -> !u.isBlank()).isPresent();
    return sources.annotate(lokiState(), read ? "LOKI_URL" : "LOKI_PUSH_URL");
  }

  /** LOKI_URL (what the API reads from) when set, else LOKI_PUSH_URL (where the worker pushes). */
  private ComponentStatus lokiState() {
    Optional<String> read = components.lokiUrl().filter(u -> !u.isBlank());
    Optional<String> push = read.isPresent() ? read : components.lokiPushUrl();
    String name = read.isPresent() ? "LOKI_URL" : "LOKI_PUSH_URL";
    if (push.isEmpty()) {
      return ComponentStatus.notConfigured(
          "LOKI_URL and LOKI_PUSH_URL are not set: build logs are kept in PostgreSQL, runtime logs read from the pods");
    }
    URI uri;
    try {
      uri = URI.create(push.get());
    } catch (IllegalArgumentException e) {
      return ComponentStatus.unreachable(name + " is not a URL");
    }
    if (uri.getHost() == null) {
      return ComponentStatus.unreachable(name + " has no host");
    }
    int status = probes.httpStatus(uri.resolve("/ready"));
    return status > 0
        ? ComponentStatus.ok("Loki at " + uri.getHost() + " answers (HTTP " + status + " on /ready)")
        : ComponentStatus.unreachable("Loki at " + uri.getHost() + " does not answer");
  }

  private ComponentStatus tcp(String what, URI uri) {
    if (uri.getHost() == null || uri.getPort() < 0) {
      return ComponentStatus.unreachable(what + " address " + uri + " has no host:port");
    }
    String failure = probes.tcp(uri.getHost(), uri.getPort());
    return failure == null
        ? ComponentStatus.ok(what + " at " + uri.getHost() + ":" + uri.getPort() + " accepts connections")
        : ComponentStatus.unreachable(what + " at " + uri.getHost() + ":" + uri.getPort() + ": " + failure);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 120) : line;
  }
}
