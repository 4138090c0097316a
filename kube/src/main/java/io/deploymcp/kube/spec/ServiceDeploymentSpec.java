package io.deploymcp.kube.spec;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.naming.DnsNames;
import io.deploymcp.kube.naming.KubeNames;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the generators need to know about one deployment of one service into one
 * environment. Identifiers and settings only: the env values travel separately (see {@code
 * ServiceManifests#desired}), so this record can be logged and kept in workflow history.
 *
 * @param project tenant and project, i.e. the namespace
 * @param service the service name: the subdomain and the name of its objects (RFC 1035 label,
 *     no {@code --}, not starting with {@code preview-})
 * @param kind web, worker or cron
 * @param schedule the cron schedule (five fields or a macro such as {@code @hourly}); required
 *     for {@code cron}, absent otherwise
 * @param port the port the container listens on ({@code PORT} in its environment)
 * @param cpuMillis cpu request and limit in millicores
 * @param memoryMib memory request and limit in MiB
 * @param healthCheckPath HTTP path of the probes, or null for a TCP check on the port
 * @param environment production or preview
 * @param image the image by digest, {@code repository@sha256:<64 hex>}
 * @param deploymentId the deployment row's id; labels the pods, so at most 63 characters
 * @param commitSha the commit the image was built from, or null when unknown
 */
public record ServiceDeploymentSpec(
    ProjectRef project,
    String service,
    ServiceKind kind,
    String schedule,
    int port,
    int cpuMillis,
    int memoryMib,
    String healthCheckPath,
    DeployEnvironment environment,
    String image,
    String deploymentId,
    String commitSha) {

  /** Reserved for the preview environment's objects, so no service may start with it. */
  public static final String PREVIEW_PREFIX = "preview-";

  private static final Pattern DIGEST_IMAGE =
      Pattern.compile("[a-z0-9][a-z0-9._:/-]*[a-z0-9]@sha256:[0-9a-f]{64}");
  private static final Pattern SCHEDULE =
      Pattern.compile(
          "@(yearly|annually|monthly|weekly|daily|midnight|hourly)|[0-9A-Za-z*/,?#LW-]+( [0-9A-Za-z*/,?#LW-]+){4}");
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,1023}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

  public ServiceDeploymentSpec {
    if (project == null) {
      throw new InvalidKubeInputException("project", "is required");
    }
    if (!DnsNames.isDns1035Label(service)) {
      throw new InvalidKubeInputException(
          "service", "'" + service + "' is not a DNS label of at most 63 characters");
    }
    if (service.contains(KubeNames.HASH_SEPARATOR)) {
      throw new InvalidKubeInputException("service", "must not contain '--'");
    }
    if (service.startsWith(PREVIEW_PREFIX)) {
      throw new InvalidKubeInputException(
          "service", "the prefix '" + PREVIEW_PREFIX + "' is reserved for preview objects");
    }
    if (kind == null) {
      throw new InvalidKubeInputException("kind", "is required");
    }
    if (kind == ServiceKind.CRON) {
      if (schedule == null || !SCHEDULE.matcher(schedule).matches()) {
        throw new InvalidKubeInputException(
            "schedule", "a cron service needs five cron fields or a macro such as @hourly");
      }
    } else if (schedule != null) {
      throw new InvalidKubeInputException("schedule", "only a cron service has a schedule");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidKubeInputException("port", port + " is not between 1 and 65535");
    }
    if (cpuMillis <= 0) {
      throw new InvalidKubeInputException("cpuMillis", "must be positive");
    }
    if (memoryMib <= 0) {
      throw new InvalidKubeInputException("memoryMib", "must be positive");
    }
    if (healthCheckPath != null && !PATH.matcher(healthCheckPath).matches()) {
      throw new InvalidKubeInputException("healthCheckPath", "is not an absolute URL path");
    }
    if (environment == null) {
      throw new InvalidKubeInputException("environment", "is required");
    }
    if (image == null || !DIGEST_IMAGE.matcher(image).matches()) {
      throw new InvalidKubeInputException(
          "image", "'" + image + "' is not an image by digest (repository@sha256:<64 hex>)");
    }
    if (deploymentId == null
        || deploymentId.isEmpty()
        || !DnsNames.isLabelValue(deploymentId)) {
      throw new InvalidKubeInputException(
          "deploymentId", "must be a non-empty label value (e.g. a UUID)");
    }
    if (commitSha != null && !COMMIT.matcher(commitSha).matches()) {
      throw new InvalidKubeInputException("commitSha", "is not a hex commit id");
    }
  }

  /** The health check path, if the service has one. */
  public Optional<String> healthCheck() {
    return Optional.ofNullable(healthCheckPath);
  }

  /** The commit, if known. */
  public Optional<String> commit() {
    return Optional.ofNullable(commitSha);
  }
}
