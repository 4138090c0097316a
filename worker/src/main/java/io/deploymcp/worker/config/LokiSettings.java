package io.deploymcp.worker.config;

import io.deploymcp.worker.build.LokiBuildLogShipper;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the worker ships build log lines (mapped in application.properties).
 *
 * @param url {@code LOKI_URL}: Loki's base URL, e.g. http://loki.dp-system:3100; lines go to its
 *     {@code /loki/api/v1/push}
 * @param sendQueueBytes {@code DP_LOKI_QUEUE_BYTES}: at most this many bytes of lines wait for
 *     Loki; beyond it lines are dropped (counted), so an outage never holds a build
 */
@ConfigurationProperties(prefix = "dp.loki")
public record LokiSettings(String url, @DefaultValue("8388608") long sendQueueBytes) {

  /** The push endpoint: LOKI_PUSH_URL when set, else LOKI_URL's; empty when neither is. */
  public Optional<String> pushUrl(String lokiPushUrl) {
    if (PlatformSettings.isSet(lokiPushUrl)) {
      return Optional.of(lokiPushUrl.strip());
    }
    return PlatformSettings.isSet(url)
        ? Optional.of(url.strip().replaceAll("/+$", "") + LokiBuildLogShipper.PUSH_PATH)
        : Optional.empty();
  }
}
