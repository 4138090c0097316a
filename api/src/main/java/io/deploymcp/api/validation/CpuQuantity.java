package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * CPU as a Kubernetes quantity ("250m", "0.5", "1"), held in millicores. Finer than a
 * millicore is refused, as Kubernetes would round it away.
 */
public record CpuQuantity(int millis) implements Comparable<CpuQuantity> {
  private static final Pattern MILLIS = Pattern.compile("([0-9]{1,7})m");
  private static final Pattern CORES = Pattern.compile("[0-9]{1,4}(\\.[0-9]{1,3})?");

  public CpuQuantity {
    if (millis <= 0) {
      throw new ValidationException(ProblemCode.INVALID_RESOURCES, "cpu", "cpu must be positive");
    }
  }

  /** Parses without bounds; {@link ResourceBounds} applies the configured ones. */
  public static CpuQuantity parse(String raw) {
    if (raw != null) {
      var m = MILLIS.matcher(raw);
      if (m.matches()) {
        return new CpuQuantity(Integer.parseInt(m.group(1)));
      }
      if (CORES.matcher(raw).matches()) {
        return new CpuQuantity(new BigDecimal(raw).movePointRight(3).intValueExact());
      }
    }
    throw new ValidationException(
        ProblemCode.INVALID_RESOURCES,
        "cpu",
        "cpu '" + ServiceName.printable(String.valueOf(raw)) + "' is not a CPU quantity",
        "Use millicores like \"250m\" or cores like \"0.5\" or \"2\".");
  }

  /** The canonical Kubernetes form: whole cores as "2", otherwise millicores as "250m". */
  public String format() {
    return millis % 1000 == 0 ? Integer.toString(millis / 1000) : millis + "m";
  }

  @Override
  public int compareTo(CpuQuantity other) {
    return Integer.compare(millis, other.millis);
  }
}
