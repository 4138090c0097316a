package io.deploymcp.kube.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.kube.Specs;
import io.deploymcp.kube.manifest.ServiceManifests;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.fabric8.kubernetes.api.model.AppArmorProfileBuilder;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptionsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptionsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated pod spec passes the restricted profile and the platform's rules; each rule,
 * broken on purpose in an otherwise compliant Deployment, is caught.
 */
class PodSecurityRestrictedCheckTest {
  private static final ClusterSettings SETTINGS = ClusterSettings.defaults("apps.example.com");
  private static final ServiceManifests MANIFESTS = new ServiceManifests(SETTINGS);
  private static final PodSecurityRestrictedCheck CHECK = PodSecurityRestrictedCheck.forCluster(SETTINGS);

  static Stream<ServiceDeploymentSpec> everyGeneratedWorkload() {
    return Stream.of(
        Specs.web().build(),
        Specs.web().healthCheckPath(null).build(),
        Specs.web().preview().build(),
        Specs.worker().build(),
        Specs.worker().healthCheckPath("/ready").build(),
        Specs.worker().preview().build(),
        Specs.cron().build(),
        Specs.cron().preview().build());
  }

  @ParameterizedTest
  @MethodSource("everyGeneratedWorkload")
  void everyGeneratedWorkloadIsRestrictedAndSandboxed(ServiceDeploymentSpec spec) {
    HasMetadata workload = MANIFESTS.desired(spec, Specs.placeholderEnv()).workload();

    assertThat(CHECK.check(workload)).isEmpty();
    CHECK.requireCompliant(workload);
  }

  @Test
  void workloadsOfACLusterWithoutSandboxStillPassTheRestrictedProfile() {
    ClusterSettings noSandbox = ClusterSettings.builder("apps.example.com").sandboxDisabled(true).build();
    HasMetadata workload = new ServiceManifests(noSandbox).deployment(Specs.web().build());

    assertThat(PodSecurityRestrictedCheck.forCluster(noSandbox).check(workload)).isEmpty();
    assertThat(CHECK.check(workload))
        .extracting(PodSecurityViolation::rule)
        .containsExactly(PodSecurityRule.RUNTIME_CLASS);
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        violation("hostNetwork", PodSecurityRule.HOST_NAMESPACES, pod -> pod.setHostNetwork(true)),
        violation("hostPID", PodSecurityRule.HOST_NAMESPACES, pod -> pod.setHostPID(true)),
        violation("hostIPC", PodSecurityRule.HOST_NAMESPACES, pod -> pod.setHostIPC(true)),
        violation("privileged", PodSecurityRule.PRIVILEGED, pod -> app(pod).getSecurityContext().setPrivileged(true)),
        violation(
            "capability added",
            PodSecurityRule.CAPABILITIES_ADD,
            pod -> app(pod).getSecurityContext().setCapabilities(new CapabilitiesBuilder().withDrop("ALL").withAdd("SYS_ADMIN").build())),
        violation(
            "ALL not dropped",
            PodSecurityRule.CAPABILITIES_DROP_ALL,
            pod -> app(pod).getSecurityContext().setCapabilities(new CapabilitiesBuilder().withDrop("NET_RAW").build())),
        violation("no capabilities", PodSecurityRule.CAPABILITIES_DROP_ALL, pod -> app(pod).getSecurityContext().setCapabilities(null)),
        violation(
            "hostPath volume",
            PodSecurityRule.HOST_PATH_VOLUMES,
            pod -> pod.getVolumes().add(new VolumeBuilder().withName("host").withNewHostPath().withPath("/var/run").endHostPath().build())),
        violation(
            "hostPath volume is no restricted type either",
            PodSecurityRule.VOLUME_TYPES,
            pod -> pod.getVolumes().add(new VolumeBuilder().withName("host").withNewHostPath().withPath("/").endHostPath().build())),
        violation(
            "nfs volume",
            PodSecurityRule.VOLUME_TYPES,
            pod -> pod.getVolumes().add(new VolumeBuilder().withName("nfs").withNewNfs().withServer("10.0.1.10").withPath("/").endNfs().build())),
        violation(
            "gitRepo volume",
            PodSecurityRule.VOLUME_TYPES,
            pod -> pod.getVolumes().add(new VolumeBuilder().withName("git").withNewGitRepo().withRepository("https://example.com/r.git").endGitRepo().build())),
        violation(
            "unknown volume source",
            PodSecurityRule.VOLUME_TYPES,
            pod -> {
              var volume = new VolumeBuilder().withName("future").build();
              volume.setAdditionalProperty("somethingNew", Map.of("path", "/"));
              pod.getVolumes().add(volume);
            }),
        violation(
            "hostPort",
            PodSecurityRule.HOST_PORTS,
            pod -> app(pod).getPorts().get(0).setHostPort(80)),
        violation(
            "AppArmor unconfined (field)",
            PodSecurityRule.APPARMOR,
            pod -> app(pod).getSecurityContext().setAppArmorProfile(new AppArmorProfileBuilder().withType("Unconfined").build())),
        violation(
            "AppArmor unconfined (pod field)",
            PodSecurityRule.APPARMOR,
            pod -> pod.getSecurityContext().setAppArmorProfile(new AppArmorProfileBuilder().withType("Unconfined").build())),
        violation(
            "SELinux custom type",
            PodSecurityRule.SELINUX,
            pod -> pod.getSecurityContext().setSeLinuxOptions(new SELinuxOptionsBuilder().withType("spc_t").build())),
        violation(
            "SELinux user",
            PodSecurityRule.SELINUX,
            pod -> app(pod).getSecurityContext().setSeLinuxOptions(new SELinuxOptionsBuilder().withUser("system_u").build())),
        violation(
            "SELinux role",
            PodSecurityRule.SELINUX,
            pod -> app(pod).getSecurityContext().setSeLinuxOptions(new SELinuxOptionsBuilder().withRole("sysadm_r").build())),
        violation("procMount Unmasked", PodSecurityRule.PROC_MOUNT, pod -> app(pod).getSecurityContext().setProcMount("Unmasked")),
        violation(
            "unsafe sysctl",
            PodSecurityRule.SYSCTLS,
            pod -> pod.getSecurityContext().setSysctls(List.of(new Sysctl("kernel.msgmax", "65536")))),
        violation(
            "seccomp Unconfined at pod level",
            PodSecurityRule.SECCOMP,
            pod -> pod.getSecurityContext().setSeccompProfile(new SeccompProfileBuilder().withType("Unconfined").build())),
        violation(
            "seccomp Unconfined in the container",
            PodSecurityRule.SECCOMP,
            pod -> app(pod).getSecurityContext().setSeccompProfile(new SeccompProfileBuilder().withType("Unconfined").build())),
        violation("seccomp unset everywhere", PodSecurityRule.SECCOMP, pod -> pod.getSecurityContext().setSeccompProfile(null)),
        violation(
            "privilege escalation allowed",
            PodSecurityRule.PRIVILEGE_ESCALATION,
            pod -> app(pod).getSecurityContext().setAllowPrivilegeEscalation(true)),
        violation(
            "privilege escalation unset",
            PodSecurityRule.PRIVILEGE_ESCALATION,
            pod -> app(pod).getSecurityContext().setAllowPrivilegeEscalation(null)),
        violation(
            "runAsNonRoot false in the container",
            PodSecurityRule.RUN_AS_NON_ROOT,
            pod -> app(pod).getSecurityContext().setRunAsNonRoot(false)),
        violation("runAsNonRoot unset everywhere", PodSecurityRule.RUN_AS_NON_ROOT, pod -> pod.getSecurityContext().setRunAsNonRoot(null)),
        violation("runAsUser 0 at pod level", PodSecurityRule.RUN_AS_USER, pod -> pod.getSecurityContext().setRunAsUser(0L)),
        violation("runAsUser 0 in the container", PodSecurityRule.RUN_AS_USER, pod -> app(pod).getSecurityContext().setRunAsUser(0L)),
        violation(
            "Windows HostProcess",
            PodSecurityRule.HOST_PROCESS,
            pod -> pod.getSecurityContext().setWindowsOptions(new WindowsSecurityContextOptionsBuilder().withHostProcess(true).build())),
        violation("no runtime class", PodSecurityRule.RUNTIME_CLASS, pod -> pod.setRuntimeClassName(null)),
        violation("another runtime class", PodSecurityRule.RUNTIME_CLASS, pod -> pod.setRuntimeClassName("runc")),
        violation(
            "service account token mounted",
            PodSecurityRule.SERVICE_ACCOUNT_TOKEN,
            pod -> pod.setAutomountServiceAccountToken(null)),
        violation(
            "writable root filesystem",
            PodSecurityRule.READ_ONLY_ROOT_FILESYSTEM,
            pod -> app(pod).getSecurityContext().setReadOnlyRootFilesystem(false)),
        violation(
            "init container without a security context",
            PodSecurityRule.PRIVILEGE_ESCALATION,
            pod -> pod.setInitContainers(List.of(new ContainerBuilder().withName("init").withImage("busybox").build()))),
        violation(
            "privileged ephemeral container",
            PodSecurityRule.PRIVILEGED,
            pod ->
                pod.setEphemeralContainers(
                    List.of(
                        new EphemeralContainerBuilder()
                            .withName("debug")
                            .withImage("busybox")
                            .withNewSecurityContext()
                            .withPrivileged(true)
                            .withAllowPrivilegeEscalation(false)
                            .withNewCapabilities()
                            .withDrop("ALL")
                            .endCapabilities()
                            .endSecurityContext()
                            .build()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void catchesEachViolation(String what, PodSecurityRule rule, Consumer<PodSpec> breakIt) {
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());
    breakIt.accept(deployment.getSpec().getTemplate().getSpec());

    List<PodSecurityViolation> violations = CHECK.check(deployment);

    assertThat(violations).extracting(PodSecurityViolation::rule).contains(rule);
    assertThat(violations).allSatisfy(v -> assertThat(v.path()).startsWith("spec.template.spec"));
    assertThatThrownBy(() -> CHECK.requireCompliant(deployment))
        .isInstanceOf(PodSecurityViolationException.class)
        .hasMessageContaining("Deployment cool-api")
        .hasMessageContaining(rule.name());
  }

  @Test
  void catchesAppArmorUnconfinedAnnotation() {
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());
    deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .put("container.apparmor.security.beta.kubernetes.io/app", "unconfined");

    assertThat(CHECK.check(deployment))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo(PodSecurityRule.APPARMOR);
              assertThat(v.found()).isEqualTo("unconfined");
            });
  }

  @Test
  void refusesAVolumeSourceTheModelDoesNotKnow() {
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());
    var volume = new VolumeBuilder().withName("future").build();
    volume.setAdditionalProperty("somethingNew", Map.of("path", "/"));
    deployment.getSpec().getTemplate().getSpec().getVolumes().add(volume);

    assertThat(CHECK.check(deployment))
        .containsExactly(
            new PodSecurityViolation(
                PodSecurityRule.VOLUME_TYPES, "spec.template.spec.volumes[future].somethingNew", "somethingNew"));
  }

  @Test
  void reportsWhereAndWhatItFound() {
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());
    app(deployment.getSpec().getTemplate().getSpec()).getSecurityContext().setAllowPrivilegeEscalation(true);

    assertThat(CHECK.check(deployment))
        .containsExactly(
            new PodSecurityViolation(
                PodSecurityRule.PRIVILEGE_ESCALATION,
                "spec.template.spec.containers[app].securityContext.allowPrivilegeEscalation",
                "true"));
  }

  @Test
  void allowsWhatTheProfileAllows() {
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    app(pod).getSecurityContext().setCapabilities(new CapabilitiesBuilder().withDrop("ALL").withAdd("NET_BIND_SERVICE").build());
    app(pod).getSecurityContext().setSeccompProfile(new SeccompProfileBuilder().withType("Localhost").withLocalhostProfile("p.json").build());
    app(pod).getSecurityContext().setSeLinuxOptions(new SELinuxOptionsBuilder().withType("container_t").withLevel("s0:c1").build());
    app(pod).getSecurityContext().setProcMount("Default");
    app(pod).getPorts().get(0).setHostPort(0);
    pod.getSecurityContext().setSysctls(List.of(new Sysctl("net.ipv4.ip_unprivileged_port_start", "0")));
    pod.getSecurityContext().setAppArmorProfile(new AppArmorProfileBuilder().withType("RuntimeDefault").build());
    pod.getVolumes().add(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("c").endConfigMap().build());
    pod.getVolumes().add(new VolumeBuilder().withName("s").withNewSecret().withSecretName("s").endSecret().build());
    pod.getVolumes().add(new VolumeBuilder().withName("p").withNewProjected().endProjected().build());
    pod.getVolumes().add(new VolumeBuilder().withName("d").withNewDownwardAPI().endDownwardAPI().build());
    pod.getVolumes().add(new VolumeBuilder().withName("c").withNewPersistentVolumeClaim().withClaimName("c").endPersistentVolumeClaim().build());

    assertThat(CHECK.check(deployment)).isEmpty();
  }

  @Test
  void containerLevelSettingsSatisfyTheRulesWhenThePodLevelIsUnset() {
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    pod.getSecurityContext().setRunAsNonRoot(null);
    pod.getSecurityContext().setSeccompProfile(null);
    app(pod).getSecurityContext().setRunAsNonRoot(true);
    app(pod).getSecurityContext().setSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build());

    assertThat(CHECK.check(deployment)).isEmpty();
  }

  @Test
  void checksPodsAndJobsToo() {
    PodSpec compliant = MANIFESTS.deployment(Specs.web().build()).getSpec().getTemplate().getSpec();
    var pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().withSpec(compliant).build();
    var job =
        new JobBuilder()
            .withNewMetadata()
            .withName("j")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withSpec(compliant)
            .endTemplate()
            .endSpec()
            .build();

    assertThat(CHECK.check(pod)).isEmpty();
    assertThat(CHECK.check(job)).isEmpty();
    pod.getSpec().setHostNetwork(true);
    assertThat(CHECK.check(pod)).extracting(PodSecurityViolation::path).containsExactly("spec.hostNetwork");
  }

  @Test
  void refusesObjectsWithoutAPodSpec() {
    var configMap = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build();

    assertThatThrownBy(() -> CHECK.check(configMap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConfigMap");
  }

  @Test
  void refusesAWorkloadWithoutATemplateInsteadOfPassingIt() {
    Deployment empty = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("d").endMetadata().withNewSpec().endSpec().build();

    assertThatThrownBy(() -> CHECK.check(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no pod template");
  }

  @Test
  void withoutARequiredRuntimeClassAnyIsAccepted() {
    var check = new PodSecurityRestrictedCheck(Optional.empty());
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());
    deployment.getSpec().getTemplate().getSpec().setRuntimeClassName(null);

    assertThat(check.check(deployment)).isEmpty();
  }

  @Test
  void thePlatformsOwnPodsMayUseAServiceAccountTokenWithoutTheSandboxButKeepTheRestOfTheRules() {
    var check = PodSecurityRestrictedCheck.forPlatformComponents();
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    pod.setRuntimeClassName(null);
    pod.setAutomountServiceAccountToken(true);

    assertThat(check.check(deployment)).isEmpty();

    app(pod).getSecurityContext().setReadOnlyRootFilesystem(false);
    app(pod).getSecurityContext().setAllowPrivilegeEscalation(true);
    assertThat(check.check(deployment)).extracting(PodSecurityViolation::rule)
        .containsExactlyInAnyOrder(PodSecurityRule.READ_ONLY_ROOT_FILESYSTEM, PodSecurityRule.PRIVILEGE_ESCALATION);
  }

  private static Arguments violation(String what, PodSecurityRule rule, Consumer<PodSpec> breakIt) {
    return Arguments.of(what, rule, breakIt);
  }

  private static Container app(PodSpec pod) {
    return pod.getContainers().get(0);
  }
}
