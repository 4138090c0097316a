package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Memory as a Kubernetes quantity ("256Mi", "1Gi", also decimal "512M", "1G"), held in MiB
 * (decimal units round up to the next MiB).
 */
public record MemoryQuantity(int mebibytes) implements Comparable<MemoryQuantity> {
  private static final Pattern QUANTITY =
      Pattern.compile("([0-9]{1,7}(?:\\.[0-9]{1,3})?)(Mi|Gi|Ti|M|G)");
  private static final BigDecimal MIB = BigDecimal.valueOf(1L << 20);

  public MemoryQuantity {
    if (mebibytes <= 0) {
      throw new ValidationException(ProblemCode.INVALID_RESOURCES, "memory", "memory must be positive");
    }
  }

  /** Parses without bounds; {@link ResourceBounds} applies the configured ones. */
  public static MemoryQuantity parse(String raw) {
    var m = raw == null ? null : QUANTITY.matcher(raw);
    if (m == null || !m.matches()) {
      throw new ValidationException(
          ProblemCode.INVALID_RESOURCES,
          "memory",
          "memory '" + ServiceName.printable(String.valueOf(raw)) + "' is not a memory quantity",
          "Use e.g. \"256Mi\" or \"1Gi\".");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    BigDecimal bytes =
        switch (m.group(2)) {
          case "Mi" -> amount.multiply(MIB);
          case "Gi" -> amount.multiply(MIB).multiply(BigDecimal.valueOf(1024));
          case "Ti" -> amount.multiply(MIB).multiply(BigDecimal.valueOf(1024L * 1024));
          case "M" -> amount.movePointRight(6);
          case "G" -> amount.movePointRight(9);
          default -> throw new IllegalStateException(m.group(2));
        };
    BigDecimal mib = bytes.divide(MIB, 0, RoundingMode.CEILING);
    if (mib.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new ValidationException(ProblemCode.INVALID_RESOURCES, "memory", "memory is too large");
    }
    return new MemoryQuantity(mib.intValueExact());
  }

  /** The canonical Kubernetes form: "1Gi" when whole gibibytes, else "256Mi". */
  public String format() {
    return mebibytes % 1024 == 0 ? (mebibytes / 1024) + "Gi" : mebibytes + "Mi";
  }

  @Override
  public int compareTo(MemoryQuantity other) {
    return Integer.compare(mebibytes, other.mebibytes);
  }
}
