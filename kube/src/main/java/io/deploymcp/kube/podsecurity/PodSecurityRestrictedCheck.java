package io.deploymcp.kube.podsecurity;

import io.deploymcp.kube.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a pod spec against the Pod Security Standards "restricted" profile (every baseline and
 * restricted control) and the platform's rules: the sandbox RuntimeClass, no service account
 * token, a read-only root filesystem. The namespace's Pod Security Admission enforces the
 * standard too, but only when a pod is created, long after the apply succeeded; this check lets
 * the worker refuse a non-compliant object before it is applied, and lets tests prove every
 * generated workload complies.
 *
 * <p>Where the standard is version-dependent this check takes the stricter reading (e.g. image
 * volumes are not allowed).
 */
public final class PodSecurityRestrictedCheck {
  /** Volume sources the restricted profile allows. */
  static final Set<String> ALLOWED_VOLUME_SOURCES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /** The baseline profile's safe sysctls (Kubernetes 1.29+). */
  static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  static final Set<String> ALLOWED_SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  private static final Set<String> ALLOWED_SECCOMP = Set.of("RuntimeDefault", "Localhost");
  private static final Set<String> ALLOWED_APPARMOR = Set.of("RuntimeDefault", "Localhost");
  private static final String APPARMOR_ANNOTATION_PREFIX =
      "container.apparmor.security.beta.kubernetes.io/";
  private static final String UNSET = "unset";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Optional<String> requiredRuntimeClass;
  private final boolean serviceAccountTokenAllowed;

  /**
   * @param requiredRuntimeClass the RuntimeClass every pod must name, or empty when the operator
   *     disabled the sandbox
   */
  public PodSecurityRestrictedCheck(Optional<String> requiredRuntimeClass) {
    this(requiredRuntimeClass, false);
  }

  private PodSecurityRestrictedCheck(Optional<String> requiredRuntimeClass, boolean serviceAccountTokenAllowed) {
    this.requiredRuntimeClass = Objects.requireNonNull(requiredRuntimeClass);
    this.serviceAccountTokenAllowed = serviceAccountTokenAllowed;
  }

  /**
   * The check for the platform's own pods (the Helm chart's API and worker): the whole restricted
   * profile and a read-only root filesystem, but no sandbox RuntimeClass (they are trusted code
   * on the ctrl pool) and a service account token allowed (both call the Kubernetes API).
   */
  public static PodSecurityRestrictedCheck forPlatformComponents() {
    return new PodSecurityRestrictedCheck(Optional.empty(), true);
  }

  /** The check for pods of this cluster: its RuntimeClass, unless the sandbox is disabled. */
  public static PodSecurityRestrictedCheck forCluster(ClusterSettings settings) {
    return new PodSecurityRestrictedCheck(settings.runtimeClass());
  }

  /**
   * The violations of the pod spec inside a Deployment, CronJob, Job, StatefulSet, DaemonSet or
   * Pod; empty when it complies.
   *
   * @throws IllegalArgumentException for any other kind of object
   */
  public List<PodSecurityViolation> check(HasMetadata workload) {
    return switch (workload) {
      case Deployment d -> check(template(d, d.getSpec() == null ? null : d.getSpec().getTemplate()), "spec.template");
      case StatefulSet s -> check(template(s, s.getSpec() == null ? null : s.getSpec().getTemplate()), "spec.template");
      case DaemonSet s -> check(template(s, s.getSpec() == null ? null : s.getSpec().getTemplate()), "spec.template");
      case Job j -> check(template(j, j.getSpec() == null ? null : j.getSpec().getTemplate()), "spec.template");
      case CronJob c -> {
        var jobTemplate = c.getSpec() == null ? null : c.getSpec().getJobTemplate();
        var jobSpec = jobTemplate == null ? null : jobTemplate.getSpec();
        yield check(template(c, jobSpec == null ? null : jobSpec.getTemplate()), "spec.jobTemplate.spec.template");
      }
      case Pod p -> {
        if (p.getSpec() == null) {
          throw noPodSpec(p);
        }
        yield check(p.getMetadata(), p.getSpec(), "spec");
      }
      default -> throw new IllegalArgumentException(workload.getKind() + " has no pod spec to check");
    };
  }

  /** A workload without a pod template has nothing to check, which is not the same as compliant. */
  private static PodTemplateSpec template(HasMetadata workload, PodTemplateSpec template) {
    if (template == null || template.getSpec() == null) {
      throw noPodSpec(workload);
    }
    return template;
  }

  private static IllegalArgumentException noPodSpec(HasMetadata workload) {
    return new IllegalArgumentException(workload.getKind() + " has no pod template to check");
  }

  /** Throws when {@link #check(HasMetadata)} finds anything. */
  public void requireCompliant(HasMetadata workload) {
    List<PodSecurityViolation> violations = check(workload);
    if (!violations.isEmpty()) {
      throw new PodSecurityViolationException(
          workload.getKind() + " " + workload.getMetadata().getName(), violations);
    }
  }

  /** The violations of a pod template; {@code path} is where the template sits in its object. */
  public List<PodSecurityViolation> check(PodTemplateSpec template, String path) {
    return check(template.getMetadata(), template.getSpec(), path + ".spec");
  }

  private List<PodSecurityViolation> check(ObjectMeta podMeta, PodSpec pod, String path) {
    Findings findings = new Findings();
    PodSecurityContext podContext = pod.getSecurityContext();
    String podContextPath = path + ".securityContext";
    List<ContainerView> containers = containers(pod, path);

    // Host namespaces.
    flagTrue(findings, PodSecurityRule.HOST_NAMESPACES, path + ".hostNetwork", pod.getHostNetwork());
    flagTrue(findings, PodSecurityRule.HOST_NAMESPACES, path + ".hostPID", pod.getHostPID());
    flagTrue(findings, PodSecurityRule.HOST_NAMESPACES, path + ".hostIPC", pod.getHostIPC());

    // Pod-level security context.
    if (podContext != null) {
      checkHostProcess(findings, podContextPath, podContext.getWindowsOptions());
      checkAppArmor(findings, podContextPath, podContext.getAppArmorProfile());
      checkSeLinux(findings, podContextPath, podContext.getSeLinuxOptions());
      if (Long.valueOf(0L).equals(podContext.getRunAsUser())) {
        findings.add(PodSecurityRule.RUN_AS_USER, podContextPath + ".runAsUser", "0");
      }
      if (podContext.getSysctls() != null) {
        for (Sysctl sysctl : podContext.getSysctls()) {
          if (!SAFE_SYSCTLS.contains(sysctl.getName())) {
            findings.add(PodSecurityRule.SYSCTLS, podContextPath + ".sysctls", sysctl.getName());
          }
        }
      }
    }
    boolean podRunAsNonRoot = podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
    if (podContext != null && Boolean.FALSE.equals(podContext.getRunAsNonRoot())) {
      findings.add(PodSecurityRule.RUN_AS_NON_ROOT, podContextPath + ".runAsNonRoot", "false");
    }
    String podSeccomp = seccompType(podContext == null ? null : podContext.getSeccompProfile());
    boolean podSeccompOk = podSeccomp != null && ALLOWED_SECCOMP.contains(podSeccomp);
    if (podSeccomp != null && !podSeccompOk) {
      findings.add(PodSecurityRule.SECCOMP, podContextPath + ".seccompProfile.type", podSeccomp);
    }

    // AppArmor annotations (deprecated since 1.30, still honoured and checked).
    if (podMeta != null && podMeta.getAnnotations() != null) {
      for (Map.Entry<String, String> annotation : podMeta.getAnnotations().entrySet()) {
        if (annotation.getKey().startsWith(APPARMOR_ANNOTATION_PREFIX)) {
          String value = annotation.getValue();
          if (!"runtime/default".equals(value) && (value == null || !value.startsWith("localhost/"))) {
            findings.add(
                PodSecurityRule.APPARMOR, "metadata.annotations[" + annotation.getKey() + "]", value);
          }
        }
      }
    }

    // Volumes.
    if (pod.getVolumes() != null) {
      for (Volume volume : pod.getVolumes()) {
        checkVolume(findings, path + ".volumes[" + volume.getName() + "]", volume);
      }
    }

    // Containers, init containers and ephemeral containers.
    for (ContainerView container : containers) {
      checkContainer(findings, container, podRunAsNonRoot, podSeccompOk);
    }

    // Platform rules.
    if (requiredRuntimeClass.isPresent()
        && !requiredRuntimeClass.get().equals(pod.getRuntimeClassName())) {
      findings.add(
          PodSecurityRule.RUNTIME_CLASS,
          path + ".runtimeClassName",
          pod.getRuntimeClassName() == null ? UNSET : pod.getRuntimeClassName());
    }
    if (!serviceAccountTokenAllowed && !Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
      findings.add(
          PodSecurityRule.SERVICE_ACCOUNT_TOKEN,
          path + ".automountServiceAccountToken",
          String.valueOf(pod.getAutomountServiceAccountToken()).replace("null", UNSET));
    }
    return findings.list();
  }

  private static void checkContainer(
      Findings findings, ContainerView container, boolean podRunAsNonRoot, boolean podSeccompOk) {
    SecurityContext context = container.securityContext();
    String contextPath = container.path() + ".securityContext";
    for (ContainerPort port : container.ports()) {
      if (port.getHostPort() != null && port.getHostPort() != 0) {
        findings.add(
            PodSecurityRule.HOST_PORTS,
            container.path() + ".ports[" + port.getContainerPort() + "].hostPort",
            port.getHostPort().toString());
      }
    }
    if (context == null) {
      // Nothing set: everything that must be explicit is missing.
      findings.add(PodSecurityRule.PRIVILEGE_ESCALATION, contextPath + ".allowPrivilegeEscalation", UNSET);
      findings.add(PodSecurityRule.CAPABILITIES_DROP_ALL, contextPath + ".capabilities.drop", UNSET);
      if (!podRunAsNonRoot) {
        findings.add(PodSecurityRule.RUN_AS_NON_ROOT, contextPath + ".runAsNonRoot", UNSET);
      }
      if (!podSeccompOk) {
        findings.add(PodSecurityRule.SECCOMP, contextPath + ".seccompProfile.type", UNSET);
      }
      if (container.regular()) {
        findings.add(
            PodSecurityRule.READ_ONLY_ROOT_FILESYSTEM, contextPath + ".readOnlyRootFilesystem", UNSET);
      }
      return;
    }
    checkHostProcess(findings, contextPath, context.getWindowsOptions());
    flagTrue(findings, PodSecurityRule.PRIVILEGED, contextPath + ".privileged", context.getPrivileged());
    checkAppArmor(findings, contextPath, context.getAppArmorProfile());
    checkSeLinux(findings, contextPath, context.getSeLinuxOptions());
    if (context.getProcMount() != null && !"Default".equals(context.getProcMount())) {
      findings.add(PodSecurityRule.PROC_MOUNT, contextPath + ".procMount", context.getProcMount());
    }
    if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
      findings.add(
          PodSecurityRule.PRIVILEGE_ESCALATION,
          contextPath + ".allowPrivilegeEscalation",
          context.getAllowPrivilegeEscalation() == null ? UNSET : "true");
    }
    if (Boolean.FALSE.equals(context.getRunAsNonRoot())) {
      findings.add(PodSecurityRule.RUN_AS_NON_ROOT, contextPath + ".runAsNonRoot", "false");
    } else if (context.getRunAsNonRoot() == null && !podRunAsNonRoot) {
      findings.add(PodSecurityRule.RUN_AS_NON_ROOT, contextPath + ".runAsNonRoot", UNSET);
    }
    if (Long.valueOf(0L).equals(context.getRunAsUser())) {
      findings.add(PodSecurityRule.RUN_AS_USER, contextPath + ".runAsUser", "0");
    }
    String seccomp = seccompType(context.getSeccompProfile());
    if (seccomp != null && !ALLOWED_SECCOMP.contains(seccomp)) {
      findings.add(PodSecurityRule.SECCOMP, contextPath + ".seccompProfile.type", seccomp);
    } else if (seccomp == null && !podSeccompOk) {
      findings.add(PodSecurityRule.SECCOMP, contextPath + ".seccompProfile.type", UNSET);
    }
    Capabilities capabilities = context.getCapabilities();
    List<String> drop = capabilities == null || capabilities.getDrop() == null ? List.of() : capabilities.getDrop();
    if (!drop.contains("ALL")) {
      findings.add(
          PodSecurityRule.CAPABILITIES_DROP_ALL,
          contextPath + ".capabilities.drop",
          drop.isEmpty() ? UNSET : String.join(",", drop));
    }
    if (capabilities != null && capabilities.getAdd() != null) {
      for (String added : capabilities.getAdd()) {
        if (!"NET_BIND_SERVICE".equals(added)) {
          findings.add(PodSecurityRule.CAPABILITIES_ADD, contextPath + ".capabilities.add", added);
        }
      }
    }
    if (container.regular() && !Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
      findings.add(
          PodSecurityRule.READ_ONLY_ROOT_FILESYSTEM,
          contextPath + ".readOnlyRootFilesystem",
          context.getReadOnlyRootFilesystem() == null ? UNSET : "false");
    }
  }

  private static void checkVolume(Findings findings, String path, Volume volume) {
    if (volume.getHostPath() != null) {
      findings.add(PodSecurityRule.HOST_PATH_VOLUMES, path + ".hostPath", volume.getHostPath().getPath());
    }
    // By the serialized keys rather than the getters, so a source this model version does not
    // know (kept in additionalProperties) is refused too.
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = SERIALIZATION.convertValue(volume, Map.class);
    List<String> sources = fields.keySet().stream().filter(key -> !"name".equals(key)).sorted().toList();
    if (sources.isEmpty()) {
      findings.add(PodSecurityRule.VOLUME_TYPES, path, "no source");
    }
    for (String source : sources) {
      if (!ALLOWED_VOLUME_SOURCES.contains(source)) {
        findings.add(PodSecurityRule.VOLUME_TYPES, path + "." + source, source);
      }
    }
  }

  private static void checkHostProcess(
      Findings findings, String contextPath, WindowsSecurityContextOptions windows) {
    if (windows != null) {
      flagTrue(findings, PodSecurityRule.HOST_PROCESS, contextPath + ".windowsOptions.hostProcess", windows.getHostProcess());
    }
  }

  private static void checkAppArmor(Findings findings, String contextPath, AppArmorProfile profile) {
    if (profile != null && profile.getType() != null && !ALLOWED_APPARMOR.contains(profile.getType())) {
      findings.add(PodSecurityRule.APPARMOR, contextPath + ".appArmorProfile.type", profile.getType());
    }
  }

  private static void checkSeLinux(Findings findings, String contextPath, SELinuxOptions options) {
    if (options == null) {
      return;
    }
    if (options.getType() != null && !ALLOWED_SELINUX_TYPES.contains(options.getType())) {
      findings.add(PodSecurityRule.SELINUX, contextPath + ".seLinuxOptions.type", options.getType());
    }
    if (options.getUser() != null && !options.getUser().isEmpty()) {
      findings.add(PodSecurityRule.SELINUX, contextPath + ".seLinuxOptions.user", options.getUser());
    }
    if (options.getRole() != null && !options.getRole().isEmpty()) {
      findings.add(PodSecurityRule.SELINUX, contextPath + ".seLinuxOptions.role", options.getRole());
    }
  }

  private static void flagTrue(Findings findings, PodSecurityRule rule, String path, Boolean value) {
    if (Boolean.TRUE.equals(value)) {
      findings.add(rule, path, "true");
    }
  }

  private static String seccompType(SeccompProfile profile) {
    return profile == null ? null : profile.getType();
  }

  private static List<ContainerView> containers(PodSpec pod, String path) {
    List<ContainerView> views = new ArrayList<>();
    if (pod.getInitContainers() != null) {
      for (Container c : pod.getInitContainers()) {
        views.add(new ContainerView(path + ".initContainers[" + c.getName() + "]", c.getSecurityContext(), ports(c.getPorts()), true));
      }
    }
    if (pod.getContainers() != null) {
      for (Container c : pod.getContainers()) {
        views.add(new ContainerView(path + ".containers[" + c.getName() + "]", c.getSecurityContext(), ports(c.getPorts()), true));
      }
    }
    if (pod.getEphemeralContainers() != null) {
      for (EphemeralContainer c : pod.getEphemeralContainers()) {
        views.add(new ContainerView(path + ".ephemeralContainers[" + c.getName() + "]", c.getSecurityContext(), ports(c.getPorts()), false));
      }
    }
    return views;
  }

  private static List<ContainerPort> ports(List<ContainerPort> ports) {
    return ports == null ? List.of() : ports;
  }

  /**
   * What the rules read from any kind of container.
   *
   * @param regular a container or init container (the platform's own rules skip debug
   *     containers)
   */
  private record ContainerView(
      String path, SecurityContext securityContext, List<ContainerPort> ports, boolean regular) {}

  private static final class Findings {
    private final List<PodSecurityViolation> list = new ArrayList<>();

    void add(PodSecurityRule rule, String path, String found) {
      list.add(new PodSecurityViolation(rule, path, found));
    }

    List<PodSecurityViolation> list() {
      return List.copyOf(list);
    }
  }
}
