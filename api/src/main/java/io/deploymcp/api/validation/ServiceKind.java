package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.util.Locale;

/** What runs: a web service behind its URL, a background worker, or a scheduled job. */
public enum ServiceKind {
  WEB,
  WORKER,
  CRON;

  public static ServiceKind orDefault(String raw) {
    if (raw == null) {
      return WEB;
    }
    for (ServiceKind kind : values()) {
      if (kind.wireName().equals(raw)) {
        return kind;
      }
    }
    throw new ValidationException(
        ProblemCode.INVALID_KIND, "kind", "kind '" + ServiceName.printable(raw) + "' is not web, worker or cron");
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
