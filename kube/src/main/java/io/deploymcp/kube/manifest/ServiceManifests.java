package io.deploymcp.kube.manifest;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.naming.ServiceObjectNames;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.settings.IngressTls;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.spec.ServiceKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpecBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The desired objects of one service in one environment (seed §9), as pure functions of the
 * deployment spec, the env values and the cluster settings: the same input always gives equal
 * objects, so applying them twice changes nothing.
 */
public final class ServiceManifests {
  /** Old ReplicaSets kept: rollback re-applies an image, it does not need many. */
  static final int REVISION_HISTORY_LIMIT = 3;
  static final int CRON_BACKOFF_LIMIT = 2;
  static final int CRON_HISTORY_LIMIT = 3;
  /** A run missed by more than this (controller down) is skipped, not started late. */
  static final long CRON_STARTING_DEADLINE_SECONDS = 300;
  /** Schedules are read in UTC whatever the control plane's local zone is. */
  static final String CRON_TIME_ZONE = "Etc/UTC";
  /** A Secret holds at most 1 MiB. */
  static final int SECRET_MAX_BYTES = 1024 * 1024;

  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

  private final ClusterSettings settings;

  public ServiceManifests(ClusterSettings settings) {
    this.settings = settings;
  }

  /**
   * Every object of the service in the spec's environment.
   *
   * @param env the decrypted env values, key to value; they end up in the Secret only
   */
  public ServiceObjects desired(ServiceDeploymentSpec spec, Map<String, String> env) {
    Secret secret = envSecret(spec, env);
    ServiceObjectNames names = ServiceObjectNames.of(spec);
    String namespace = spec.project().namespace();
    List<ObjectKey> obsolete = new ArrayList<>();
    HasMetadata workload;
    if (spec.kind() == ServiceKind.CRON) {
      workload = cronJob(spec);
      obsolete.add(new ObjectKey("apps/v1", "Deployment", namespace, names.workload()));
    } else {
      workload = deployment(spec);
      obsolete.add(new ObjectKey("batch/v1", "CronJob", namespace, names.cronJob()));
    }
    Optional<Service> service = Optional.empty();
    Optional<Ingress> ingress = Optional.empty();
    if (spec.kind() == ServiceKind.WEB) {
      service = Optional.of(service(spec));
      ingress = Optional.of(ingress(spec));
    } else {
      obsolete.add(new ObjectKey("v1", "Service", namespace, names.workload()));
      obsolete.add(new ObjectKey("networking.k8s.io/v1", "Ingress", namespace, names.workload()));
    }
    return new ServiceObjects(secret, workload, service, ingress, obsolete);
  }

  /**
   * The Secret {@code <workload>-env} with the env values as {@code data}. Not {@code
   * stringData}: the API server folds that into {@code data}, and server-side apply then no
   * longer removes a key that was deleted from the service.
   */
  public Secret envSecret(ServiceDeploymentSpec spec, Map<String, String> env) {
    if (env == null) {
      throw new InvalidKubeInputException("env", "is required (empty when the service has none)");
    }
    TreeMap<String, String> data = new TreeMap<>();
    long bytes = 0;
    Base64.Encoder base64 = Base64.getEncoder();
    for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
      String key = entry.getKey();
      if (key == null || !SECRET_KEY.matcher(key).matches()) {
        // The key is not secret; the value never appears in a message.
        throw new InvalidKubeInputException(
            "env", "key '" + key + "' may only hold letters, digits, '-', '_' and '.'");
      }
      if (entry.getValue() == null) {
        throw new InvalidKubeInputException("env", "key '" + key + "' has no value");
      }
      byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_8);
      bytes += key.length() + value.length;
      data.put(key, base64.encodeToString(value));
    }
    if (bytes > SECRET_MAX_BYTES) {
      throw new InvalidKubeInputException("env", "keys and values exceed the 1 MiB a Secret holds");
    }
    ServiceObjectNames names = ServiceObjectNames.of(spec);
    return new SecretBuilder()
        .withMetadata(meta(spec, names.envSecret(), Map.of()))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /**
   * The Deployment of a web or worker service: one replica, rolled with maxUnavailable 0 and
   * maxSurge 1, so a new version that never becomes ready leaves the old one serving.
   */
  public Deployment deployment(ServiceDeploymentSpec spec) {
    if (spec.kind() == ServiceKind.CRON) {
      throw new InvalidKubeInputException("kind", "a cron service runs as a CronJob, not a Deployment");
    }
    ServiceObjectNames names = ServiceObjectNames.of(spec);
    return new DeploymentBuilder()
        .withMetadata(meta(spec, names.workload(), Labels.annotations(spec)))
        .withNewSpec()
        .withReplicas(1)
        .withRevisionHistoryLimit(REVISION_HISTORY_LIMIT)
        .withNewSelector()
        .withMatchLabels(Labels.selector(names))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(0))
        .withMaxSurge(new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withTemplate(PodTemplates.template(settings, spec, null, true))
        .endSpec()
        .build();
  }

  /** The ClusterIP Service of a web service: {@code <workload>:<port>} inside the project. */
  public Service service(ServiceDeploymentSpec spec) {
    requireWeb(spec, "Service");
    ServiceObjectNames names = ServiceObjectNames.of(spec);
    return new ServiceBuilder()
        .withMetadata(meta(spec, names.workload(), Map.of()))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(names))
        .addNewPort()
        .withName(PodTemplates.PORT_NAME)
        .withProtocol("TCP")
        .withPort(spec.port())
        .withTargetPort(new IntOrString(spec.port()))
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * The Ingress of a web service: {@code <service>.<appsDomain>} (preview: {@code
   * preview-<service>.<appsDomain>}), every path to its Service. TLS per {@link IngressTls}: the
   * certificate is the wildcard default of Traefik's TLSStore, so no Secret is named.
   */
  public Ingress ingress(ServiceDeploymentSpec spec) {
    requireWeb(spec, "Ingress");
    ServiceObjectNames names = ServiceObjectNames.of(spec);
    String host = names.host(settings.appsDomain());
    IngressSpecBuilder ingressSpec =
        new IngressSpecBuilder()
            .withIngressClassName(settings.ingressClass().orElse(null))
            .addNewRule()
            .withHost(host)
            .withNewHttp()
            .addNewPath()
            .withPath("/")
            .withPathType("Prefix")
            .withNewBackend()
            .withNewService()
            .withName(names.workload())
            .withNewPort()
            .withNumber(spec.port())
            .endPort()
            .endService()
            .endBackend()
            .endPath()
            .endHttp()
            .endRule();
    if (settings.ingressTls() == IngressTls.DEFAULT_CERTIFICATE) {
      ingressSpec.addNewTl().withHosts(host).endTl();
    }
    return new IngressBuilder()
        .withMetadata(meta(spec, names.workload(), settings.ingressAnnotations()))
        .withSpec(ingressSpec.build())
        .build();
  }

  /**
   * The CronJob of a cron service: the same pod rules as a Deployment, no probes, pods that are
   * not restarted in place (a failed run's logs stay readable), runs that never overlap.
   */
  public CronJob cronJob(ServiceDeploymentSpec spec) {
    if (spec.kind() != ServiceKind.CRON) {
      throw new InvalidKubeInputException("kind", "only a cron service has a CronJob");
    }
    ServiceObjectNames names = ServiceObjectNames.of(spec);
    return new CronJobBuilder()
        .withMetadata(meta(spec, names.cronJob(), Labels.annotations(spec)))
        .withNewSpec()
        .withSchedule(spec.schedule())
        .withTimeZone(CRON_TIME_ZONE)
        .withConcurrencyPolicy("Forbid")
        .withStartingDeadlineSeconds(CRON_STARTING_DEADLINE_SECONDS)
        .withSuccessfulJobsHistoryLimit(CRON_HISTORY_LIMIT)
        .withFailedJobsHistoryLimit(CRON_HISTORY_LIMIT)
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(Labels.service(spec))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(CRON_BACKOFF_LIMIT)
        .withTemplate(PodTemplates.template(settings, spec, "Never", false))
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  private static void requireWeb(ServiceDeploymentSpec spec, String what) {
    if (spec.kind() != ServiceKind.WEB) {
      throw new InvalidKubeInputException("kind", "only a web service has a " + what);
    }
  }

  private static ObjectMeta meta(
      ServiceDeploymentSpec spec, String name, Map<String, String> annotations) {
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(spec.project().namespace())
            .withLabels(Labels.service(spec));
    if (!annotations.isEmpty()) {
      meta.withAnnotations(new TreeMap<>(annotations));
    }
    return meta.build();
  }
}
