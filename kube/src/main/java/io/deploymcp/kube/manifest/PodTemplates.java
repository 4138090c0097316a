package io.deploymcp.kube.manifest;

import io.deploymcp.kube.naming.ServiceObjectNames;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.spec.ServiceKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pod template every workload shares (Deployment and CronJob): Pod Security Standards
 * "restricted" throughout, the sandbox runtime class, no service account token, a read-only
 * root filesystem with a writable {@code /tmp}, requests equal to limits.
 */
final class PodTemplates {
  /** The container's name; the log and diagnosis code look for it. */
  static final String CONTAINER = "app";
  /** uid and gid of the process: not root, and not a uid images commonly give a shell user. */
  static final long RUN_AS = 1000L;
  static final String PORT_NAME = "http";
  static final String TMP_VOLUME = "tmp";

  // Probe timing. The startup probe gives a slow starter (a JVM under gVisor) 60 s before
  // liveness may restart it; readiness decides when the rollout may move on.
  static final int STARTUP_PERIOD_SECONDS = 2;
  static final int STARTUP_FAILURE_THRESHOLD = 30;
  static final int READINESS_PERIOD_SECONDS = 5;
  static final int LIVENESS_PERIOD_SECONDS = 10;
  static final int PROBE_TIMEOUT_SECONDS = 2;
  static final int FAILURE_THRESHOLD = 3;

  private PodTemplates() {}

  /**
   * The pod template of {@code spec}.
   *
   * @param restartPolicy {@code Always} for a Deployment (left to the default), {@code Never}
   *     for a CronJob's pods
   * @param withProbes whether the container gets startup, readiness and liveness probes (not for
   *     jobs: a job is done when it exits)
   */
  static PodTemplateSpec template(
      ClusterSettings settings, ServiceDeploymentSpec spec, String restartPolicy, boolean withProbes) {
    ServiceObjectNames names = ServiceObjectNames.of(spec);
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Labels.pod(spec))
        .withAnnotations(Labels.annotations(spec))
        .endMetadata()
        .withSpec(
            new PodSpecBuilder()
                .withRuntimeClassName(settings.runtimeClass().orElse(null))
                .withAutomountServiceAccountToken(false)
                // Service links would add <SERVICE>_PORT etc. for every Service of the project,
                // overriding env the user set and changing with unrelated services.
                .withEnableServiceLinks(false)
                .withRestartPolicy(restartPolicy)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUN_AS)
                .withRunAsGroup(RUN_AS)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(spec, names, withProbes))
                .addNewVolume()
                .withName(TMP_VOLUME)
                .withNewEmptyDir()
                .withSizeLimit(new Quantity(settings.tmpSizeLimit()))
                .endEmptyDir()
                .endVolume()
                .build())
        .build();
  }

  private static Container container(
      ServiceDeploymentSpec spec, ServiceObjectNames names, boolean withProbes) {
    // A worker listens nowhere unless it declares a health path; a web service always does.
    boolean listens = spec.kind() == ServiceKind.WEB || spec.healthCheck().isPresent();
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(spec.image())
            // The image is pinned by digest, so what the node has cached is exactly it.
            .withImagePullPolicy("IfNotPresent")
            // Explicit env wins over envFrom: PORT is always the service's port.
            .addNewEnv()
            .withName("PORT")
            .withValue(Integer.toString(spec.port()))
            .endEnv()
            .addNewEnvFrom()
            .withNewSecretRef()
            .withName(names.envSecret())
            .endSecretRef()
            .endEnvFrom()
            .withNewResources()
            .withRequests(resources(spec))
            .withLimits(resources(spec))
            .endResources()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .addNewVolumeMount()
            .withName(TMP_VOLUME)
            .withMountPath("/tmp")
            .endVolumeMount()
            // A crashing container's last log lines become its termination message, which the
            // rollout diagnosis reads from the pod status.
            .withTerminationMessagePolicy("FallbackToLogsOnError");
    if (listens) {
      container.addNewPort().withName(PORT_NAME).withContainerPort(spec.port()).withProtocol("TCP").endPort();
    }
    if (withProbes && listens) {
      container
          .withStartupProbe(probe(spec, STARTUP_PERIOD_SECONDS, STARTUP_FAILURE_THRESHOLD))
          .withReadinessProbe(probe(spec, READINESS_PERIOD_SECONDS, FAILURE_THRESHOLD))
          .withLivenessProbe(probe(spec, LIVENESS_PERIOD_SECONDS, FAILURE_THRESHOLD));
    }
    return container.build();
  }

  /** HTTP GET of the health path when there is one, else a TCP connect to the port. */
  private static Probe probe(ServiceDeploymentSpec spec, int periodSeconds, int failureThreshold) {
    ProbeBuilder probe =
        new ProbeBuilder()
            .withPeriodSeconds(periodSeconds)
            .withTimeoutSeconds(PROBE_TIMEOUT_SECONDS)
            .withFailureThreshold(failureThreshold)
            .withSuccessThreshold(1);
    IntOrString port = new IntOrString(spec.port());
    return spec.healthCheck()
        .map(path -> probe.withNewHttpGet().withPath(path).withPort(port).endHttpGet().build())
        .orElseGet(() -> probe.withNewTcpSocket().withPort(port).endTcpSocket().build());
  }

  private static Map<String, Quantity> resources(ServiceDeploymentSpec spec) {
    Map<String, Quantity> map = new LinkedHashMap<>();
    map.put("cpu", new Quantity(cpu(spec.cpuMillis())));
    map.put("memory", new Quantity(memory(spec.memoryMib())));
    return map;
  }

  /** Canonical quantities, as the API formats them: {@code 2} or {@code 250m}. */
  static String cpu(int millis) {
    return millis % 1000 == 0 ? Integer.toString(millis / 1000) : millis + "m";
  }

  /** {@code 1Gi} or {@code 256Mi}. */
  static String memory(int mib) {
    return mib % 1024 == 0 ? (mib / 1024) + "Gi" : mib + "Mi";
  }
}
