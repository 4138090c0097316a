package io.deploymcp.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The Temporal frontend the API starts workflows on. Every TEMPORAL_* variable is checked by
 * temporal-client (docs/temporal.md); this mapping only carries them in.
 */
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

  /** TEMPORAL_TLS_CERT: client certificate (PEM content or file path) for mTLS. */
  Optional<String> tlsCert();

  /** TEMPORAL_TLS_KEY: its private key (PEM content or file path). */
  Optional<String> tlsKey();

  /** TEMPORAL_TLS_CA: CA(s) the server's certificate must chain to; unset: the JDK's roots. */
  Optional<String> tlsCa();

  /** TEMPORAL_TLS_SERVER_NAME: the name the server's certificate holds, when not the address's host. */
  Optional<String> tlsServerName();

  /** TEMPORAL_API_KEY: a Temporal Cloud API key; implies TLS. */
  Optional<String> apiKey();
}
