package io.deploymcp.worker.build;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.address.HostCheck;
import io.deploymcp.address.SystemHostResolver;
import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.BuildKitException;
import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.connection.BuildKitTls;
import io.deploymcp.buildpacks.BaseImages;
import io.deploymcp.buildpacks.BuildPlan;
import io.deploymcp.buildpacks.PlanOptions;
import io.deploymcp.registry.RegistryAuth;
import io.deploymcp.registry.RegistryEndpoint;
import io.deploymcp.registry.RegistryException;
import io.deploymcp.registry.RegistryHosts;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.worker.config.BuildSettings;
import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import io.deploymcp.worker.env.EnvValue;
import org.springframework.stereotype.Component;

/**
 * What the operator configured for builds, turned into what one build needs: the BuildKit to
 * talk to, where images go, the base images, and the key that says "built the same way".
 */
@Component
public class BuildEnvironment {
  static final String BUILDKIT_HINT =
      "Set BUILDKIT_HOST (tcp://host:1234, unix:///run/buildkit/buildkitd.sock or docker:// for"
          + " a Docker engine) on the worker and redeploy.";
  static final String BUILDKIT_TLS_HINT =
      "Set BUILDKIT_TLS_CA_CERT (PEM CA of buildkitd's certificate), BUILDKIT_TLS_CERT and"
          + " BUILDKIT_TLS_KEY together (client certificate, PKCS#8 PEM key) if buildkitd asks for one,"
          + " and BUILDKIT_TLS_SERVER_NAME if its certificate names another host; all are file paths on"
          + " the worker and apply to a tcp:// BUILDKIT_HOST only. Fix them on the worker and redeploy.";
  static final String REGISTRY_HINT =
      "Set REGISTRY_HOST (host:port of the registry images are pushed to) on the worker and"
          + " redeploy.";
  static final String REGISTRY_PULL_HINT =
      "Set REGISTRY_PULL_HOST to the host:port pod specs name the registry by (the name the nodes'"
          + " registries.yaml maps to it, e.g. registry.internal:5000), or unset it to use REGISTRY_HOST,"
          + " on the worker and redeploy.";

  private static final Duration DNS_TIMEOUT = Duration.ofSeconds(5);

  private final PlatformSettings platform;
  private final BuildSettings build;
  private final SecretKeyHolder secretKey;
  private final Map<String, String> environment;
  private final DockerfileSourceCheck sourceCheck;

  @Autowired
  public BuildEnvironment(PlatformSettings platform, BuildSettings build, SecretKeyHolder secretKey) {
    this(platform, build, secretKey, System.getenv());
  }

  /** With an explicit environment for the DP_BASE_IMAGE_* variables (tests). */
  public BuildEnvironment(
      PlatformSettings platform,
      BuildSettings build,
      SecretKeyHolder secretKey,
      Map<String, String> environment) {
    this.platform = platform;
    this.build = build;
    this.secretKey = secretKey;
    this.environment = environment;
    this.sourceCheck =
        new DockerfileSourceCheck(
            new HostCheck(AddressPolicy.of(platform.allowLocalRepos()), new SystemHostResolver(DNS_TIMEOUT)));
  }

  Duration stallTimeout() {
    return build.stallTimeout();
  }

  Duration timeout() {
    return build.timeout();
  }

  /** Fails the activity permanently when BuildKit or the registry is not usable as configured. */
  BuildDestination destination() {
    if (!platform.hasBuildkit()) {
      throw ActivityFailures.permanent(
          FailureCodes.BUILDKIT_NOT_CONFIGURED, "no BuildKit is configured", BUILDKIT_HINT);
    }
    if (!platform.hasRegistry()) {
      throw ActivityFailures.permanent(
          FailureCodes.REGISTRY_NOT_CONFIGURED, "no registry is configured", REGISTRY_HINT);
    }
    BuildKitAddress address = address();
    tls(address); // checked here too, so that bad TLS settings fail before anything is read or built
    RegistryEndpoint endpoint;
    try {
      endpoint = RegistryEndpoint.of(platform.registryHost().strip(), build.registryInsecure());
    } catch (RegistryException | IllegalArgumentException e) {
      throw ActivityFailures.permanent(
          WorkerFailureCodes.BUILD_CONFIG_INVALID, e.getMessage(), REGISTRY_HINT);
    }
    RegistryHosts hosts;
    try {
      hosts = RegistryHosts.of(endpoint.host(), platform.pullHost());
    } catch (RegistryException e) {
      throw ActivityFailures.permanent(WorkerFailureCodes.BUILD_CONFIG_INVALID, e.getMessage(), REGISTRY_PULL_HINT);
    }
    Optional<RegistryAuth> auth =
        PlatformSettings.isSet(build.registryUsername())
            ? Optional.of(new RegistryAuth(build.registryUsername(), build.registryPassword()))
            : Optional.empty();
    return address instanceof BuildKitAddress.DockerEngine engine
        ? new BuildDestination.ThroughEngine(engine.socket(), hosts, endpoint, auth)
        : new BuildDestination.FromBuildKit(hosts, endpoint, auth);
  }

  BuildKitConnection connect() {
    BuildKitAddress address = address();
    Optional<BuildKitTls> tls = tls(address);
    try {
      return BuildKitConnection.open(address, tls);
    } catch (BuildKitException e) {
      // Checked in destination(): a file changed since. Other failures (no epoll) stay what they are.
      if (e.code() == BuildKitErrorCode.BUILDKIT_TLS_INVALID) {
        throw ActivityFailures.permanent(WorkerFailureCodes.BUILD_CONFIG_INVALID, e.getMessage(), BUILDKIT_TLS_HINT);
      }
      throw e;
    }
  }

  /** The BUILDKIT_TLS_* settings, loaded and checked against the address; empty for plaintext. */
  private Optional<BuildKitTls> tls(BuildKitAddress address) {
    try {
      Optional<BuildKitTls> tls =
          BuildKitTls.fromSettings(build.tlsCaCert(), build.tlsCert(), build.tlsKey(), build.tlsServerName());
      tls.ifPresent(settings -> settings.requireUsableWith(address));
      return tls;
    } catch (BuildKitException e) {
      throw ActivityFailures.permanent(WorkerFailureCodes.BUILD_CONFIG_INVALID, e.getMessage(), BUILDKIT_TLS_HINT);
    }
  }

  private BuildKitAddress address() {
    try {
      return BuildKitAddress.parse(platform.buildkitHost());
    } catch (BuildKitException e) {
      throw ActivityFailures.permanent(WorkerFailureCodes.BUILD_CONFIG_INVALID, e.getMessage(), e.hint());
    }
  }

  /** The check of a Dockerfile's remote sources, against the checkout's address policy; one per worker. */
  DockerfileSourceCheck sourceCheck() {
    return sourceCheck;
  }

  /** The registries the platform itself names (push, pull, base images), trusted as they are. */
  Set<String> platformRegistries(BuildDestination destination) {
    Set<String> registries = new TreeSet<>();
    registries.add(destination.hosts().push());
    registries.add(destination.hosts().pull());
    BaseImages base = BaseImages.fromEnvironment(environment);
    for (String image : Arrays.asList(base.node(), base.python(), base.go(), base.java(), base.staticServer(), base.goRuntime())) {
      if (image != null && image.indexOf('/') > 0) {
        registries.add(image.substring(0, image.indexOf('/')));
      }
    }
    return registries;
  }

  PlanOptions planOptions(BuildInputs in) {
    Set<String> plain =
        in.env().stream().filter(e -> !e.secret()).map(EnvValue::key).collect(Collectors.toSet());
    Set<String> secret =
        in.env().stream().filter(EnvValue::secret).map(EnvValue::key).collect(Collectors.toSet());
    return new PlanOptions(
        in.dockerfilePath(), in.port(), BaseImages.fromEnvironment(environment), plain, secret);
  }

  /**
   * What besides the commit shapes the image: the plan (pack, generated Dockerfile with its
   * base images, port, variable names), the plain values, and a keyed digest of each secret
   * value — never the value, nor a plain hash of it, which a short secret would not survive.
   */
  String configKey(BuildPlan plan, BuildInputs in) {
    StringBuilder canonical = new StringBuilder("deploy-mcp build config v1\n");
    canonical.append("plan=").append(plan.planHash()).append('\n');
    canonical.append("root=").append(in.rootDir()).append('\n');
    Map<String, String> sorted = new TreeMap<>();
    for (EnvValue env : in.env()) {
      sorted.put(
          env.key(),
          env.secret()
              ? "secret:" + secretKey.fingerprint(env.key() + "=" + env.value()).orElse("?")
              : "plain:" + env.value());
    }
    sorted.forEach((k, v) -> canonical.append(k).append('=').append(v.length()).append(':').append(v).append('\n'));
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
