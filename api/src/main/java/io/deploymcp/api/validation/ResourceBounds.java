package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;

/** The configured range and default of cpu and memory per service. */
public record ResourceBounds(
    CpuQuantity cpuMin,
    CpuQuantity cpuMax,
    CpuQuantity cpuDefault,
    MemoryQuantity memoryMin,
    MemoryQuantity memoryMax,
    MemoryQuantity memoryDefault) {

  public ResourceBounds {
    if (cpuMin.compareTo(cpuMax) > 0 || memoryMin.compareTo(memoryMax) > 0) {
      throw new IllegalArgumentException("resource minimum above maximum");
    }
  }

  /** A requested cpu, or the default when absent. */
  public CpuQuantity cpu(String raw) {
    if (raw == null) {
      return cpuDefault;
    }
    CpuQuantity cpu = CpuQuantity.parse(raw);
    if (cpu.compareTo(cpuMin) < 0 || cpu.compareTo(cpuMax) > 0) {
      throw new ValidationException(
          ProblemCode.INVALID_RESOURCES,
          "cpu",
          "cpu " + cpu.format() + " is outside " + cpuMin.format() + " to " + cpuMax.format(),
          "Request cpu between " + cpuMin.format() + " and " + cpuMax.format() + ".");
    }
    return cpu;
  }

  /** A requested memory, or the default when absent. */
  public MemoryQuantity memory(String raw) {
    if (raw == null) {
      return memoryDefault;
    }
    MemoryQuantity memory = MemoryQuantity.parse(raw);
    if (memory.compareTo(memoryMin) < 0 || memory.compareTo(memoryMax) > 0) {
      throw new ValidationException(
          ProblemCode.INVALID_RESOURCES,
          "memory",
          "memory " + memory.format() + " is outside " + memoryMin.format() + " to " + memoryMax.format(),
          "Request memory between " + memoryMin.format() + " and " + memoryMax.format() + ".");
    }
    return memory;
  }
}
