package io.deploymcp.kube.settings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The largest cpu and memory one service may ask for (the API's maximum, {@code
 * DP_LIMITS_CPU_MAX} / {@code DP_LIMITS_MEMORY_MAX}), and whether every project namespace can
 * hold such a service. Containers get requests equal to limits, so one pod of it needs that much
 * of each quota value and of the LimitRange maximum; a redeploy rolls with {@code maxSurge: 1},
 * so for a while the old and the new pod both count: twice as much.
 *
 * @param cpu e.g. {@code 4}
 * @param memory e.g. {@code 8Gi}
 */
public record LargestService(String cpu, String memory) {

  /** The API's defaults. */
  public static final LargestService API_DEFAULT = new LargestService("4", "8Gi");

  public LargestService {
    SettingsChecks.quantity("largestService.cpu", cpu);
    SettingsChecks.quantity("largestService.memory", memory);
  }

  /** The same amounts, however written: 4 and 4000m, 8Gi and 8192Mi. */
  public boolean sameAs(LargestService other) {
    return amount(cpu).compareTo(amount(other.cpu)) == 0 && amount(memory).compareTo(amount(other.memory)) == 0;
  }

  private static java.math.BigDecimal amount(String quantity) {
    return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(quantity));
  }

  /**
   * A setting too small for the largest service.
   *
   * @param setting the settings field, e.g. {@code quota.requestsMemory}
   * @param value its value
   * @param needed what the largest service needs of it
   */
  public record Shortfall(String setting, String value, String needed) {}

  /**
   * Settings too small for even one pod of the largest service: such a service could never
   * start (QUOTA_EXCEEDED, or the LimitRange refusing the pod). Empty when it fits.
   */
  public List<Shortfall> cannotRun(ClusterSettings settings) {
    return shortfalls(settings, 1, true);
  }

  /**
   * Quota values that hold one pod of the largest service but not two: its first deploy runs,
   * every redeploy (the new pod next to the old one) fails QUOTA_EXCEEDED. Empty when it fits.
   */
  public List<Shortfall> cannotRollOut(ClusterSettings settings) {
    List<Shortfall> once = cannotRun(settings);
    List<Shortfall> twice = shortfalls(settings, 2, false);
    twice.removeIf(s -> once.stream().anyMatch(o -> o.setting().equals(s.setting())));
    if (settings.quota().pods() < 2) {
      twice.add(new Shortfall("quota.pods", Integer.toString(settings.quota().pods()), "2"));
    }
    return twice;
  }

  private List<Shortfall> shortfalls(ClusterSettings settings, int pods, boolean withLimitRange) {
    BigDecimal needCpu = SettingsChecks.quantity("largestService.cpu", cpu).multiply(BigDecimal.valueOf(pods));
    BigDecimal needMemory =
        SettingsChecks.quantity("largestService.memory", memory).multiply(BigDecimal.valueOf(pods));
    String cpuText = pods == 1 ? cpu : times(pods, cpu);
    String memoryText = pods == 1 ? memory : times(pods, memory);
    QuotaSettings quota = settings.quota();
    List<Shortfall> out = new ArrayList<>();
    check(out, "quota.requestsCpu", quota.requestsCpu(), needCpu, cpuText);
    check(out, "quota.requestsMemory", quota.requestsMemory(), needMemory, memoryText);
    check(out, "quota.limitsCpu", quota.limitsCpu(), needCpu, cpuText);
    check(out, "quota.limitsMemory", quota.limitsMemory(), needMemory, memoryText);
    if (withLimitRange) {
      LimitRangeSettings limits = settings.limitRange();
      check(out, "limitRange.maxCpu", limits.maxCpu(), needCpu, cpuText);
      check(out, "limitRange.maxMemory", limits.maxMemory(), needMemory, memoryText);
    }
    return out;
  }

  private static void check(List<Shortfall> out, String setting, String value, BigDecimal need, String needText) {
    if (SettingsChecks.quantity(setting, value).compareTo(need) < 0) {
      out.add(new Shortfall(setting, value, needText));
    }
  }

  /** {@code 2 x 8Gi} as a quantity: {@code 16Gi}; falls back to the plain product in bytes/cores. */
  private static String times(int factor, String quantity) {
    var m = java.util.regex.Pattern.compile("([0-9]+)([A-Za-z]*)").matcher(quantity);
    if (m.matches()) {
      return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)).toPlainString() + m.group(2);
    }
    return SettingsChecks.quantity("largestService", quantity).multiply(BigDecimal.valueOf(factor)).toPlainString();
  }
}
