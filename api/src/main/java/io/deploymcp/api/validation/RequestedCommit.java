package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a caller asks to deploy in {@code commit}: an (abbreviated) SHA of 7-40 hex characters,
 * or a ref name such as a tag. Stored lower-case when it is a SHA.
 */
public record RequestedCommit(String value) {
  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

  public RequestedCommit {
    if (value == null || (!SHA.matcher(value).matches() && GitRef.problemWith(value) != null)) {
      throw new ValidationException(
          ProblemCode.INVALID_REF,
          "commit",
          "commit '" + ServiceName.printable(String.valueOf(value)) + "' is neither a SHA nor a valid ref");
    }
  }

  public static RequestedCommit parse(String raw) {
    if (raw != null && SHA.matcher(raw).matches()) {
      return new RequestedCommit(raw.toLowerCase(Locale.ROOT));
    }
    return new RequestedCommit(raw);
  }

  public boolean isSha() {
    return SHA.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
