package io.deploymcp.kube.naming;

import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;

/**
 * The names of one service's objects in one environment. Production objects carry the service
 * name; preview objects {@code preview-<service>}, shortened with a hash when that passes 63
 * characters (the limit of a Service name, a label value and a DNS label in the host).
 *
 * @param workload the Deployment's name, also the Service's, the Ingress's and the {@code app}
 *     label that selects the pods
 * @param cronJob the CronJob's name: {@link #workload()} shortened to 52 characters
 * @param envSecret the Secret with the env values: {@code <workload>-env}
 * @param hostLabel the first DNS label of the service's host name
 */
public record ServiceObjectNames(String workload, String cronJob, String envSecret, String hostLabel) {

  /** The names of {@code service}'s objects in {@code environment}. */
  public static ServiceObjectNames of(String service, DeployEnvironment environment) {
    String base =
        switch (environment) {
          case PRODUCTION -> service;
          case PREVIEW ->
              KubeNames.fit(ServiceDeploymentSpec.PREVIEW_PREFIX + service, DnsNames.LABEL_MAX);
        };
    return new ServiceObjectNames(
        base, KubeNames.fit(base, DnsNames.CRON_JOB_MAX), base + "-env", base);
  }

  /** The names for a deployment spec. */
  public static ServiceObjectNames of(ServiceDeploymentSpec spec) {
    return of(spec.service(), spec.environment());
  }

  /** {@code <hostLabel>.<appsDomain>}: the host the service is reached at. */
  public String host(String appsDomain) {
    return hostLabel + "." + appsDomain;
  }
}
