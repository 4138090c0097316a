package io.deploymcp.worker.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this worker builds images (application.properties maps the environment).
 *
 * @param timeout {@code DP_BUILD_TIMEOUT}: one build, after which BUILD_TIMEOUT
 * @param stallTimeout {@code DP_BUILD_STALL_TIMEOUT}: how long the daemon may report nothing about
 *     a build (no step, output or progress) before it is cancelled with BUILD_STALLED
 * @param hostPickup {@code DP_BUILD_HOST_PICKUP}: how long a deployment waits for this worker to
 *     pick up its checkout or build before it tries another worker
 * @param registryUsername {@code REGISTRY_USERNAME}: for registries that need a login
 * @param registryPassword {@code REGISTRY_PASSWORD}
 * @param registryInsecure {@code REGISTRY_INSECURE}: plain http (always so for loopback hosts)
 * @param logLinesPerDeployment {@code DP_BUILD_LOG_LINES}: kept per deployment, oldest dropped
 * @param tlsCaCert {@code BUILDKIT_TLS_CA_CERT}: PEM CA of a {@code tcp://} buildkitd's
 *     certificate; setting it turns TLS on (null or blank: plaintext)
 * @param tlsCert {@code BUILDKIT_TLS_CERT}: PEM client certificate, for a buildkitd that asks for one
 * @param tlsKey {@code BUILDKIT_TLS_KEY}: its PKCS#8 PEM key
 * @param tlsServerName {@code BUILDKIT_TLS_SERVER_NAME}: the name buildkitd's certificate carries,
 *     when it is not the host of BUILDKIT_HOST
 */
@ConfigurationProperties(prefix = "dp.build")
public record BuildSettings(
    Duration timeout,
    Duration stallTimeout,
    Duration hostPickup,
    String registryUsername,
    String registryPassword,
    boolean registryInsecure,
    int logLinesPerDeployment,
    String tlsCaCert,
    String tlsCert,
    String tlsKey,
    String tlsServerName) {}
