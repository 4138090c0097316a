package io.deploymcp.kube.settings;

import io.deploymcp.kube.InvalidKubeInputException;
import java.math.BigDecimal;

/**
 * The LimitRange of every project namespace, per container. The platform always sets requests
 * and limits itself; the defaults cover anything else that lands in the namespace, and the
 * maximum must be at least the largest cpu and memory the API lets a service request, or such
 * a service's pods are refused.
 *
 * @param defaultCpu limit when a container names none
 * @param defaultMemory limit when a container names none
 * @param defaultRequestCpu request when a container names none
 * @param defaultRequestMemory request when a container names none
 * @param maxCpu largest cpu limit of one container
 * @param maxMemory largest memory limit of one container
 */
public record LimitRangeSettings(
    String defaultCpu,
    String defaultMemory,
    String defaultRequestCpu,
    String defaultRequestMemory,
    String maxCpu,
    String maxMemory) {

  /** The API's per-service default (250m, 256Mi) and maximum (4 cpu, 8Gi). */
  public static final LimitRangeSettings DEFAULTS =
      new LimitRangeSettings("250m", "256Mi", "250m", "256Mi", "4", "8Gi");

  public LimitRangeSettings {
    BigDecimal cpu = SettingsChecks.quantity("limitRange.defaultCpu", defaultCpu);
    BigDecimal memory = SettingsChecks.quantity("limitRange.defaultMemory", defaultMemory);
    BigDecimal requestCpu = SettingsChecks.quantity("limitRange.defaultRequestCpu", defaultRequestCpu);
    BigDecimal requestMemory =
        SettingsChecks.quantity("limitRange.defaultRequestMemory", defaultRequestMemory);
    BigDecimal maximumCpu = SettingsChecks.quantity("limitRange.maxCpu", maxCpu);
    BigDecimal maximumMemory = SettingsChecks.quantity("limitRange.maxMemory", maxMemory);
    // The API server refuses a LimitRange whose default request exceeds its default limit or
    // whose default limit exceeds its maximum.
    if (requestCpu.compareTo(cpu) > 0 || requestMemory.compareTo(memory) > 0) {
      throw new InvalidKubeInputException(
          "limitRange", "the default request must not exceed the default limit");
    }
    if (cpu.compareTo(maximumCpu) > 0 || memory.compareTo(maximumMemory) > 0) {
      throw new InvalidKubeInputException(
          "limitRange", "the default limit must not exceed the maximum");
    }
  }
}
