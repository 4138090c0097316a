package io.deploymcp.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The Temporal frontend the API starts workflows on (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE). */
@ConfigMapping(prefix = "temporal")
public interface TemporalConfig {

  /** host:port of the Temporal frontend. */
  @WithDefault("127.0.0.1:7233")
  String address();

  /** Namespace the workflows run in. */
  @WithDefault("default")
  String namespace();

  /**
   * How long a start or cancel may take, retries included, before the caller gets 503
   * TEMPORAL_UNAVAILABLE: short, because the API answers at once or not at all.
   */
  @WithDefault("3s")
  Duration callTimeout();
}
