package io.deploymcp.workflows;

import java.util.Locale;

/**
 * The status machine of a deployment: queued, then cloning, building, deploying, and one
 * terminal state. Stored and shown in lower case.
 */
public enum DeploymentStatus {
  QUEUED,
  CLONING,
  BUILDING,
  DEPLOYING,
  RUNNING,
  FAILED,
  CANCELLED,
  SUPERSEDED;

  public boolean isTerminal() {
    return switch (this) {
      case RUNNING, FAILED, CANCELLED, SUPERSEDED -> true;
      case QUEUED, CLONING, BUILDING, DEPLOYING -> false;
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeploymentStatus fromWireName(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
