package io.deploymcp.temporal;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checked Temporal connection settings. {@link #fromVariables} reads the TEMPORAL_*
 * variables (docs/temporal.md) and either returns settings that can connect or throws
 * {@link InvalidTemporalSettingsException} listing every bad variable at once.
 *
 * @param tls empty for a plaintext connection (the local stack)
 * @param serverName the name the server's certificate must hold when it is not the address's host
 * @param apiKey a Temporal Cloud API key, sent as {@code authorization: Bearer}; implies TLS
 */
public record TemporalSettings(
    String address, String namespace, Optional<ClientTls> tls, Optional<String> serverName, Optional<ApiKey> apiKey) {

  /** @param lookup a variable's value by its name (TEMPORAL_ADDRESS...); null or blank is unset */
  public static TemporalSettings fromVariables(Function<String, String> lookup) {
    return new SettingsParser(lookup).parse();
  }

  /** The defaults of the local stack: 127.0.0.1:7233, namespace default, plaintext. */
  public static TemporalSettings local() {
    return fromVariables(name -> null);
  }

  /**
   * Temporal Cloud: an API key, or an address of its own domains. Cloud does not let clients
   * register search attributes (its tcld and UI do), so the platform only checks them there.
   */
  public boolean cloud() {
    String host = address.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
    return apiKey.isPresent() || host.endsWith(".tmprl.cloud") || host.endsWith(".api.temporal.io");
  }

  /** One line for the start-up log; holds no secret. */
  public String describe() {
    return address
        + " (namespace "
        + namespace
        + ", "
        + tls.map(ClientTls::describe).orElse("plaintext")
        + serverName.map(n -> ", server name " + n).orElse("")
        + (apiKey.isPresent() ? ", API key set" : "")
        + ")";
  }

  @Override
  public String toString() {
    return "TemporalSettings[" + describe() + "]";
  }
}
