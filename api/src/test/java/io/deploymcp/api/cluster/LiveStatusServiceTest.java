package io.deploymcp.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.KeyRestriction;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.service.EnvironmentView;
import io.deploymcp.api.service.ServiceEnvironments;
import io.deploymcp.api.service.ServiceView;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster that cannot be reached never fails the read: both environments say "unavailable"
 * with a short reason, and the failure is cached like a success, so the next reads within the
 * TTL do not wait for the cluster again. Plain JUnit: the client points at a closed port.
 */
class LiveStatusServiceTest {

  @TempDir Path dir;

  @Test
  void anUnreachableClusterIsUnavailableWithAReasonAndIsNotAskedAgainWithinTheTtl() throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: gone
          cluster:
            server: https://127.0.0.1:%d
            insecure-skip-tls-verify: true
        users:
        - name: u
          user:
            token: not-a-real-token-0123456789
        contexts:
        - name: c
          context: {cluster: gone, user: u}
        current-context: c
        """.formatted(closedPort()));
    ClusterSettings settings = settings(Duration.ofMinutes(1), Duration.ofSeconds(2));
    ClusterClient cluster = new ClusterClient(config(Optional.of(kubeconfig.toString())), settings);
    LiveStatusService service = new LiveStatusService(cluster, settings);

    ServiceView view = service.withLive(caller(), view("gone-svc"));
    ServiceView again = service.withLive(caller(), view("gone-svc"));

    for (EnvironmentView environment : List.of(view.environments().production(), view.environments().preview())) {
      LiveStatusView live = environment.live();
      assertThat(live.state()).isEqualTo(LiveStatusView.UNAVAILABLE);
      assertThat(live.reason()).startsWith("the cluster could not be reached").hasSizeLessThan(210)
          .doesNotContain("not-a-real-token").doesNotContain("\n\tat ");
      assertThat(live.readyReplicas()).isNull();
      assertThat(live.observedAt()).isNotNull();
    }
    // Not asked again within the TTL: the same reading (its observedAt too), not a new one.
    assertThat(again.environments().production().live()).isEqualTo(view.environments().production().live());
    cluster.close();
  }

  @Test
  void anUnreadableKubeconfigIsNotConfigured() {
    ClusterSettings settings = settings(Duration.ofSeconds(5), Duration.ofSeconds(5));
    ClusterClient cluster = new ClusterClient(config(Optional.of(dir.resolve("missing").toString())), settings);

    assertThat(cluster.client()).isEmpty();
    LiveStatusView live = new LiveStatusService(cluster, settings).withLive(caller(), view("x"))
        .environments().preview().live();
    assertThat(live.state()).isEqualTo(LiveStatusView.NOT_CONFIGURED);
    assertThat(live.reason()).isEqualTo("no Kubernetes cluster is configured: KUBECONFIG names no readable file");
  }

  @Test
  void aKubeconfigThatCannotBeUsedIsNotConfiguredRatherThanABrokenApi() throws IOException {
    Path kubeconfig = dir.resolve("broken");
    Files.writeString(kubeconfig, "clusters: [this is: not: a kubeconfig");
    ClusterSettings settings = settings(Duration.ofSeconds(5), Duration.ofSeconds(5));
    ClusterClient cluster = new ClusterClient(config(Optional.of(kubeconfig.toString())), settings);

    assertThat(cluster.client()).isEmpty();
    assertThat(cluster.notConfiguredReason()).startsWith("no Kubernetes cluster is configured: the kubeconfig could not be used");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Caller caller() {
    return new Caller(UUID.randomUUID(), "acme", UUID.randomUUID(), "dpk_x", "k", Set.of(), KeyRestriction.NONE);
  }

  private static ServiceView view(String name) {
    EnvironmentView none = new EnvironmentView(null, null, null, null, null, null);
    return new ServiceView(UUID.randomUUID(), name, "default", null, "https://github.com/o/r", "main", "", "railpack",
        8080, "250m", "256Mi", "web", null, null, "Dockerfile", null, List.of(), false, Instant.now(), Instant.now(),
        null, new ServiceEnvironments(none, none));
  }

  private static ClusterSettings settings(Duration ttl, Duration timeout) {
    return new ClusterSettings() {
      @Override
      public Duration statusTtl() {
        return ttl;
      }

      @Override
      public Duration requestTimeout() {
        return timeout;
      }
    };
  }

  /** An ApiConfig whose components().kubeconfig() is {@code kubeconfig}; nothing else is read. */
  private static ApiConfig config(Optional<String> kubeconfig) {
    ApiConfig.Components components = (ApiConfig.Components) Proxy.newProxyInstance(
        ApiConfig.class.getClassLoader(), new Class<?>[] {ApiConfig.Components.class},
        (proxy, method, args) -> {
          if (method.getName().equals("kubeconfig")) {
            return kubeconfig;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    return (ApiConfig) Proxy.newProxyInstance(
        ApiConfig.class.getClassLoader(), new Class<?>[] {ApiConfig.class},
        (proxy, method, args) -> {
          if (method.getName().equals("components")) {
            return components;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
