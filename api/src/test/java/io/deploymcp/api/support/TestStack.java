package io.deploymcp.api.support;

import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.temporal.testing.TestCertificates;
import io.deploymcp.temporal.testing.TlsTemporalProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Real PostgreSQL (embedded binaries) and Temporal's test server on free loopback ports for
 * the API under test. No worker runs: started workflows stay pending, which is what the API
 * tests inspect. Init args: {@code temporal=down} points the API at a closed port instead;
 * {@code temporal=tls} puts a TLS-only endpoint in front of it (mTLS with the test CA and the API
 * key {@link #TEMPORAL_API_KEY}, the certificate files passed as paths, as the chart does);
 * {@code burst} and {@code rps} set the per-key rate limit (generous by default); {@code operator=none}
 * leaves DP_OPERATOR_TOKEN unset (else it is {@link #OPERATOR_TOKEN}).
 */
public class TestStack implements QuarkusTestResourceLifecycleManager {
  public static final String BOOTSTRAP_KEY = "dpk_boot0000_bootstrapbootstrapbootstrapbootstrap00";
  public static final String SECRET_KEY = SecretCipher.newBase64Key();
  /** GITHUB_WEBHOOK_SECRET: the GitHub App's webhook secret. */
  public static final String GITHUB_APP_WEBHOOK_SECRET = "app-webhook-secret-for-tests-0123456789";

  /** DP_OPERATOR_TOKEN: the registry garbage collector's credential for /v1/operator/. */
  public static final String OPERATOR_TOKEN = "dp-operator-test-token-7c1f0e9a2b4d6f8a0c2e4a6b";

  /** TEMPORAL_API_KEY under {@code temporal=tls}; the endpoint refuses calls without it. */
  public static final String TEMPORAL_API_KEY = "tc-api-test-key-5f3a9c1e";

  private EmbeddedPostgres postgres;
  private EmbeddedTemporal temporal;
  private TlsTemporalProxy proxy;
  private Path tlsDir;
  private String temporalMode;
  private boolean temporalDown;
  private String burst = "2000";
  private String perSecond = "1000";
  private boolean operatorToken = true;
  private String activePerTenant = "1000000";
  private String backlogTtl = "1s";

  @Override
  public void init(Map<String, String> initArgs) {
    temporalMode = initArgs.getOrDefault("temporal", "up");
    temporalDown = "down".equals(temporalMode);
    burst = initArgs.getOrDefault("burst", burst);
    perSecond = initArgs.getOrDefault("rps", perSecond);
    operatorToken = !"none".equals(initArgs.get("operator"));
    activePerTenant = initArgs.getOrDefault("active-per-tenant", activePerTenant);
    backlogTtl = initArgs.getOrDefault("backlog-ttl", backlogTtl);
  }

  @Override
  public Map<String, String> start() {
    postgres = EmbeddedPostgres.startTemporary();
    Map<String, String> config = new HashMap<>();
    config.put("DP_DATABASE_URL", postgres.jdbcUrl());
    config.put("DP_DATABASE_USER", postgres.user());
    if (temporalDown) {
      // A port nothing listens on: connections are refused at once.
      config.put("temporal.address", "127.0.0.1:" + closedPort());
      config.put("temporal.call-timeout", "1s");
    } else {
      temporal = EmbeddedTemporal.start(0);
      config.put("temporal.address", temporal.target());
    }
    if ("tls".equals(temporalMode)) {
      tlsConfig(config);
    }
    config.put("dp.bootstrap-api-key", BOOTSTRAP_KEY);
    // Event streams (events/DeploymentEventsApiTest): keep-alives and the slow-reader bound soon.
    config.put("dp.events.keepalive", "1s");
    config.put("dp.events.buffer", "32");
    config.put("dp.events.max-streams-per-tenant", "64");
    config.put("dp.secret-key", SECRET_KEY);
    config.put("dp.reserved-names", "billing,status-page");
    config.put("dp.apps-domain", "apps.test");
    config.put("dp.github.webhook-secret", GITHUB_APP_WEBHOOK_SECRET);
    if (operatorToken) {
      config.put("dp.operator-token", OPERATOR_TOKEN);
    }
    // The shared bootstrap key sends bursts (e.g. 50 concurrent creates); the limiter itself
    // is tested under a profile with a small bucket.
    config.put("dp.rate-limit.requests-per-second", perSecond);
    config.put("dp.rate-limit.burst", burst);
    // Likewise for admission control: the same bursts, and no worker runs here, so the suite's
    // deployments stay queued and add up. The bounds are tested in DeployAdmissionTest and, the
    // tenant's through the API, under DegradedProfile.
    config.put("dp.admission.writes-in-flight", "1000");
    config.put("dp.admission.active-deployments", "1000000");
    config.put("dp.admission.active-deployments-per-tenant", activePerTenant);
    config.put("dp.admission.backlog-ttl", backlogTtl);
    return config;
  }

  private void tlsConfig(Map<String, String> config) {
    TestCertificates.Ca ca = TestCertificates.newCa("api test CA");
    TestCertificates.Issued client = ca.client("deploy-mcp-api");
    try {
      tlsDir = Files.createTempDirectory("temporal-tls");
      client.writeTo(tlsDir);
      Files.writeString(tlsDir.resolve("ca.crt"), ca.certificatePem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.put("temporal.tls-cert", tlsDir.resolve("tls.crt").toString());
    config.put("temporal.tls-ca", tlsDir.resolve("ca.crt").toString());
    proxy = TlsTemporalProxy.builder(temporal.target(), ca.server("temporal-frontend"))
        .requireClientCertificate(ca.certificate())
        .apiKey(TEMPORAL_API_KEY)
        .start();
    config.put("temporal.address", proxy.target());
    config.put("temporal.tls-key", tlsDir.resolve("tls.key").toString());
    config.put("temporal.api-key", TEMPORAL_API_KEY);
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (tlsDir != null) {
      try (var files = Files.list(tlsDir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
        Files.deleteIfExists(tlsDir);
      } catch (IOException e) {
        // A temporary folder: leaving it behind is harmless.
      }
    }
    if (temporal != null) {
      temporal.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }
}
