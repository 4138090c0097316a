package io.deploymcp.api.audit;

import java.util.Locale;

/** How a mutating call ended: accepted (2xx), rejected (4xx: nothing changed) or failed (5xx). */
public enum AuditOutcome {
  ACCEPTED,
  REJECTED,
  FAILED;

  public static AuditOutcome ofStatus(int status) {
    if (status < 400) {
      return ACCEPTED;
    }
    return status < 500 ? REJECTED : FAILED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
