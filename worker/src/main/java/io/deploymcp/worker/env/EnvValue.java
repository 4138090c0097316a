package io.deploymcp.worker.env;

/**
 * One decrypted environment variable of a service. {@code secret} ones reach a build only as
 * BuildKit secrets; plain ones are build args. Lives only inside an activity; never logged.
 */
public record EnvValue(String key, String value, boolean secret) {
  @Override
  public String toString() {
    return "EnvValue[" + key + (secret ? ", secret" : "") + "]";
  }
}
