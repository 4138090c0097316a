package io.deploymcp.kube.settings;

import io.deploymcp.kube.InvalidKubeInputException;

/**
 * The ResourceQuota of every project namespace. Containers get requests equal to limits, so
 * the {@code requests.*} values are the binding ones; a rolling update needs room for one more
 * pod of the service while it runs (maxSurge 1).
 *
 * @param pods most pods at once
 * @param requestsCpu sum of cpu requests, e.g. {@code 4}
 * @param requestsMemory sum of memory requests, e.g. {@code 4Gi}
 * @param limitsCpu sum of cpu limits
 * @param limitsMemory sum of memory limits
 */
public record QuotaSettings(
    int pods, String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory) {

  /** Seed §8: 20 pods, requests 4 cpu / 4Gi, limits 8 cpu / 8Gi. */
  public static final QuotaSettings DEFAULTS = new QuotaSettings(20, "4", "4Gi", "8", "8Gi");

  public QuotaSettings {
    if (pods <= 0) {
      throw new InvalidKubeInputException("quota.pods", "must be positive");
    }
    SettingsChecks.quantity("quota.requestsCpu", requestsCpu);
    SettingsChecks.quantity("quota.requestsMemory", requestsMemory);
    SettingsChecks.quantity("quota.limitsCpu", limitsCpu);
    SettingsChecks.quantity("quota.limitsMemory", limitsMemory);
  }
}
