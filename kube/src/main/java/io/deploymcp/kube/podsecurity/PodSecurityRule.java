package io.deploymcp.kube.podsecurity;

/**
 * The controls {@link PodSecurityRestrictedCheck} enforces: every control of the Pod Security
 * Standards "restricted" profile (which includes "baseline"), as listed on
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/, plus the platform's own
 * rules on top.
 */
public enum PodSecurityRule {
  // Baseline controls (also part of restricted).
  HOST_PROCESS(Level.BASELINE, "Windows HostProcess containers are forbidden"),
  HOST_NAMESPACES(Level.BASELINE, "hostNetwork, hostPID and hostIPC must be unset or false"),
  PRIVILEGED(Level.BASELINE, "privileged containers are forbidden"),
  HOST_PATH_VOLUMES(Level.BASELINE, "hostPath volumes are forbidden"),
  HOST_PORTS(Level.BASELINE, "hostPort must be unset or 0"),
  APPARMOR(Level.BASELINE, "AppArmor profile must be RuntimeDefault or Localhost"),
  SELINUX(Level.BASELINE, "SELinux type must be a container type; user and role must be unset"),
  PROC_MOUNT(Level.BASELINE, "procMount must be unset or Default"),
  SYSCTLS(Level.BASELINE, "only the safe sysctls are allowed"),
  // Restricted controls.
  VOLUME_TYPES(
      Level.RESTRICTED,
      "volumes must be configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim,"
          + " projected or secret"),
  PRIVILEGE_ESCALATION(Level.RESTRICTED, "allowPrivilegeEscalation must be false"),
  RUN_AS_NON_ROOT(Level.RESTRICTED, "runAsNonRoot must be true"),
  RUN_AS_USER(Level.RESTRICTED, "runAsUser must not be 0"),
  SECCOMP(Level.RESTRICTED, "seccomp profile must be RuntimeDefault or Localhost"),
  CAPABILITIES_DROP_ALL(Level.RESTRICTED, "capabilities must drop ALL"),
  CAPABILITIES_ADD(Level.RESTRICTED, "capabilities may only add NET_BIND_SERVICE"),
  // The platform's own rules.
  RUNTIME_CLASS(Level.PLATFORM, "pods run under the sandbox RuntimeClass"),
  SERVICE_ACCOUNT_TOKEN(Level.PLATFORM, "automountServiceAccountToken must be false"),
  READ_ONLY_ROOT_FILESYSTEM(Level.PLATFORM, "readOnlyRootFilesystem must be true");

  /** Where a rule comes from. */
  public enum Level {
    BASELINE,
    RESTRICTED,
    PLATFORM
  }

  private final Level level;
  private final String requirement;

  PodSecurityRule(Level level, String requirement) {
    this.level = level;
    this.requirement = requirement;
  }

  public Level level() {
    return level;
  }

  /** What the rule requires, in one line. */
  public String requirement() {
    return requirement;
  }
}
