package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.util.regex.Pattern;

/**
 * A service name: it is the subdomain, so it follows DNS-label rules (RFC 1035: starts with
 * a letter, because Kubernetes names objects after it) and is not reserved.
 */
public record ServiceName(String value) {
  public static final int MAX_LENGTH = 63;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final String FIELD = "name";

  public ServiceName {
    if (value == null || value.isEmpty()) {
      throw new ValidationException(ProblemCode.INVALID_NAME, FIELD, "name is required");
    }
    if (value.length() > MAX_LENGTH) {
      throw new ValidationException(
          ProblemCode.INVALID_NAME, FIELD, "name is longer than 63 characters");
    }
    if (!DNS_LABEL.matcher(value).matches()) {
      throw new ValidationException(
          ProblemCode.INVALID_NAME,
          FIELD,
          "name '" + printable(value) + "' is not a DNS label");
    }
    if (value.contains("--")) {
      // "xn--" would be read as punycode, and "--" inside makes generated object names ambiguous.
      throw new ValidationException(
          ProblemCode.INVALID_NAME, FIELD, "name must not contain '--'",
          "Use single '-' between words.");
    }
  }

  /** Parses a requested name: DNS-label rules, then the reserved list. */
  public static ServiceName parse(String raw, ReservedNames reserved) {
    ServiceName name = new ServiceName(raw);
    if (reserved.isReserved(name.value)) {
      throw new ValidationException(
          ProblemCode.NAME_RESERVED, FIELD, "name '" + name.value + "' is reserved");
    }
    return name;
  }

  /** Echoes user input in an error without control characters or unbounded length. */
  static String printable(String raw) {
    String cut = raw.length() > 80 ? raw.substring(0, 80) + "..." : raw;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  @Override
  public String toString() {
    return value;
  }
}
