package io.deploymcp.api.deployment;

import java.util.Locale;

/** Who started a deployment: the values of the {@code deployments.trigger} column. */
public enum DeployTrigger {
  API,
  WEBHOOK,
  MCP,
  ROLLBACK,
  PUBLISH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
