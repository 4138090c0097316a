package io.deploymcp.kubestandin.kubelet;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps at second precision, as Kubernetes writes them. */
final class Times {

  private Times() {}

  static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  static Instant parse(String text) {
    return text == null || text.isEmpty() ? null : Instant.parse(text);
  }
}
