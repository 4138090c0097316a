package io.deploymcp.kubestandin;

import io.deploymcp.kubestandin.apiserver.ApiRequest;
import io.deploymcp.kubestandin.apiserver.ContainerLogs;
import io.deploymcp.kubestandin.apiserver.StandInDispatcher;
import io.deploymcp.kubestandin.kubelet.KubeletStandIn;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.vertx.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A Kubernetes stand-in for tests and the local stack, because no API server can run on these
 * machines: fabric8's mock server in CRUD mode on 127.0.0.1 (HTTPS, self-signed), extended by
 * {@link StandInDispatcher} with server-side apply, garbage collection on delete and container
 * logs, plus the {@link KubeletStandIn} that turns Deployments into ReplicaSets and Pods.
 *
 * <p>It is not a cluster: nothing runs, nothing is scheduled on real nodes, there is no
 * admission, defaulting or RBAC. What is and is not faithful: docs/kube-standin.md.
 *
 * <pre>{@code
 * try (StandInCluster cluster = StandInCluster.start()) {
 *   KubernetesClient client = cluster.client();        // in this JVM
 *   Path kubeconfig = cluster.kubeconfig();            // for another process (KUBECONFIG)
 *   cluster.kubelet().script(image, PodBehaviour.crashLoop(1, List.of("boom")));
 * }
 * }</pre>
 */
public final class StandInCluster implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StandInCluster.class);

  /** The user agent of the kubelet stand-in's own API calls (to leave them out of counts). */
  public static final String KUBELET_USER_AGENT = "kube-standin-kubelet/1";

  /**
   * The mock web server logs every request at INFO through java.util.logging; held here so the
   * quieter level sticks (JUL keeps loggers weakly).
   */
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG = quiet(MockWebServer.class.getName());

  private final KubernetesMockServer server;
  private final StandInDispatcher dispatcher;
  private final ContainerLogs logs;
  private final Path kubeconfig;
  private final boolean ownsKubeconfig;
  private final String kubeconfigYaml;
  private final KubernetesClient client;
  private final KubernetesClient kubeletClient;
  private final KubeletStandIn kubelet;

  private StandInCluster(Builder builder) {
    Clock clock = builder.clock;
    MockWebServer web = new MockWebServer();
    // HTTP/1.1 only: a client configured from the kubeconfig alone (another process) cannot be
    // told to avoid h2, and watches are websockets over HTTP/1.1.
    web.setProtocols(List.of(Protocol.HTTP_1_1));
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    logs = new ContainerLogs();
    dispatcher = new StandInDispatcher(expectations, logs, clock, web::reset);
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), web, expectations, dispatcher, true,
        new VersionInfo.Builder().withMajor("1").withMinor("33").withGitVersion("v1.33.0-kube-standin")
            .withPlatform("linux/amd64").build());
    try {
      server.start(InetAddress.getByName("127.0.0.1"), builder.port);
      kubeconfigYaml = kubeconfigYaml(server.getPort(), web);
      ownsKubeconfig = builder.kubeconfig == null;
      kubeconfig = ownsKubeconfig
          ? Files.createTempFile("kube-standin-", ".kubeconfig",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : builder.kubeconfig;
      Files.writeString(kubeconfig, kubeconfigYaml);
    } catch (IOException e) {
      server.shutdown();
      throw new UncheckedIOException("could not start the Kubernetes stand-in", e);
    }
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
    if (builder.kubelet) {
      Config kubeletConfig = Config.fromKubeconfig(kubeconfigYaml);
      kubeletConfig.setUserAgent(KUBELET_USER_AGENT);
      // The Vert.x client, whichever fabric8 would pick: the JDK one sets up connections with
      // help from ForkJoinPool.commonPool (one thread on two cores), so a caller's task blocking
      // there (a test waiting in CompletableFuture.runAsync) froze every rollout for as long.
      kubeletClient = new KubernetesClientBuilder().withConfig(kubeletConfig)
          .withHttpClientFactory(new Vertx5HttpClientFactory()).build();
      kubelet = new KubeletStandIn(kubeletClient, logs, builder.timing, clock);
      try {
        kubelet.start();
      } catch (RuntimeException e) {
        close(); // nothing half-started stays behind
        throw e;
      }
    } else {
      kubeletClient = null;
      kubelet = null;
    }
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** Starts a stand-in on a free port with the kubelet stand-in running and default timing. */
  public static StandInCluster start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A client of this stand-in (default namespace {@code default}); closed with the cluster. */
  public KubernetesClient client() {
    return client;
  }

  /** A kubeconfig file another process can use (KUBECONFIG); removed on close unless given. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** The API server URL, {@code https://127.0.0.1:<port>/}. */
  public String url() {
    return "https://127.0.0.1:" + server.getPort() + "/";
  }

  public int port() {
    return server.getPort();
  }

  /** The kubelet/controller stand-in; fails when the cluster was built without it. */
  public KubeletStandIn kubelet() {
    if (kubelet == null) {
      throw new IllegalStateException("this stand-in cluster was started without the kubelet stand-in");
    }
    return kubelet;
  }

  /** Container output the stand-in serves at {@code pods/{name}/log}. */
  public ContainerLogs containerLogs() {
    return logs;
  }

  /** Requests the API server answered (kubelet's included: see {@link #KUBELET_USER_AGENT}). */
  public List<ApiRequest> requests() {
    return dispatcher.requests();
  }

  public void clearRequests() {
    dispatcher.clearRequests();
  }

  /** The underlying fabric8 mock server, to record expectations (they win over the store). */
  public KubernetesMockServer mockServer() {
    return server;
  }

  @Override
  public void close() {
    if (kubelet != null) {
      kubelet.close();
    }
    // Clients first: the server's graceful close would otherwise wait (up to its 10 s limit, then
    // fail) for their keep-alive connections and websockets. Closing a client's Vert.x while a
    // channel is still closing can make netty log a harmless RejectedExecutionException.
    if (kubeletClient != null) {
      kubeletClient.close();
    }
    client.close();
    try {
      server.shutdown();
    } catch (IllegalStateException slowClose) {
      // The mock server waits up to 10 s for connections other clients still hold (e.g. a
      // watch a test left open) and then gives up. The test is over either way: failing it here
      // would report the stand-in's shutdown, not the behaviour under test.
      log.warn("kube stand-in: the mock API server did not close in time: {}", slowClose.getMessage());
    }
    if (ownsKubeconfig) {
      try {
        Files.deleteIfExists(kubeconfig);
      } catch (IOException e) {
        // a temp file left behind is harmless
      }
    }
  }

  private static String kubeconfigYaml(int port, MockWebServer web) throws IOException {
    // The server's own self-signed certificate (SAN 127.0.0.1) is the CA: clients verify TLS
    // instead of skipping verification.
    String pem = Files.readString(Path.of(web.getSelfSignedCertificate().certificatePath()), StandardCharsets.US_ASCII);
    String ca = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: kube-standin
          cluster:
            server: https://127.0.0.1:%d
            certificate-authority-data: %s
        users:
        - name: kube-standin
          user:
            token: kube-standin
        contexts:
        - name: kube-standin
          context:
            cluster: kube-standin
            user: kube-standin
            namespace: default
        current-context: kube-standin
        """.formatted(port, ca);
  }

  /** Options of a stand-in cluster. */
  public static final class Builder {
    private int port;
    private boolean kubelet = true;
    private KubeletStandIn.Timing timing = KubeletStandIn.Timing.DEFAULT;
    private Path kubeconfig;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** A fixed port (0, the default, picks a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 (any free one) to 65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /** Without the kubelet stand-in, Deployments stay as applied: no ReplicaSets, no Pods. */
    public Builder kubelet(boolean enabled) {
      this.kubelet = enabled;
      return this;
    }

    public Builder timing(KubeletStandIn.Timing timing) {
      this.timing = timing;
      return this;
    }

    /** Where to write the kubeconfig (default: a temp file removed on close). */
    public Builder kubeconfig(Path path) {
      this.kubeconfig = path;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public StandInCluster start() {
      return new StandInCluster(this);
    }
  }
}
