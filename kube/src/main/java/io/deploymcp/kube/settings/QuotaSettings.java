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

  /**
   * 20 pods, requests and limits 8 cpu / 16Gi: room for the largest service the API accepts by
   * default (4 cpu, 8Gi, see {@link LargestService}) and its rolling update (two pods at once).
   * Seed §8 has requests 4 cpu / 4Gi, limits 8 cpu / 8Gi; with requests equal to limits the 4Gi
   * would refuse an 8Gi service the API accepted (QUOTA_EXCEEDED on its first deploy) and a 4 cpu
   * service on every redeploy. A quota is a ceiling, not a reservation: what the nodes cannot
   * hold is refused by the scheduler (UNSCHEDULABLE), whatever the quota says.
   */
  public static final QuotaSettings DEFAULTS = new QuotaSettings(20, "8", "16Gi", "8", "16Gi");

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
