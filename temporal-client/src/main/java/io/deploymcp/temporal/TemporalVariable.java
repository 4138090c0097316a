package io.deploymcp.temporal;

/** The environment variables of the Temporal connection, the same on the API and the worker. */
public enum TemporalVariable {
  ADDRESS("TEMPORAL_ADDRESS"),
  NAMESPACE("TEMPORAL_NAMESPACE"),
  TLS_CERT("TEMPORAL_TLS_CERT"),
  TLS_KEY("TEMPORAL_TLS_KEY"),
  TLS_CA("TEMPORAL_TLS_CA"),
  TLS_SERVER_NAME("TEMPORAL_TLS_SERVER_NAME"),
  API_KEY("TEMPORAL_API_KEY");

  private final String envName;

  TemporalVariable(String envName) {
    this.envName = envName;
  }

  /** The name as an operator sets it, e.g. {@code TEMPORAL_TLS_CERT}. */
  public String envName() {
    return envName;
  }
}
